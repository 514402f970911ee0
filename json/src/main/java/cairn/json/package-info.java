/**
 * Pull parsing of JSON documents, shared by the client library and the node, which know nothing of
 * each other: one interface over Jackson's streaming parser and over a small reader that costs
 * nothing to initialise (see {@link cairn.json.Utf8JsonTokens}).
 */
package cairn.json;
