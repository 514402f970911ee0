/**
 * The etcd v2 client library, on okhttp and Jackson. It knows nothing of the node. Not built yet
 * (issue 5).
 */
package cairn.client;
