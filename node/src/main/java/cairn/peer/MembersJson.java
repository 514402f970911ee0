package cairn.peer;

import cairn.peer.PeerClient.RemoteMember;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses etcd's member list as served on the peer URLs' {@code GET /members}: {@code
 * [{"id":17089496719267531732,"peerURLs":[..],"name":..,"clientURLs":[..]}]} (numeric IDs, as etcd
 * writes them; hex strings are accepted too). A member that has not published yet has an empty name
 * and, in Go's encoding, {@code null} client URLs; both are accepted.
 */
final class MembersJson {

  private static final JsonFactory JSON = new JsonFactory();

  private MembersJson() {}

  /**
   * Parses a member list; unknown fields are skipped.
   *
   * @throws IOException if the JSON is malformed or a member's id is not hex
   */
  static List<RemoteMember> parse(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      expect(p, p.nextToken(), JsonToken.START_ARRAY);
      List<RemoteMember> members = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        expect(p, t, JsonToken.START_OBJECT);
        members.add(member(p));
      }
      if (p.nextToken() != null) {
        throw new IOException("trailing data after the member list");
      }
      return List.copyOf(members);
    }
  }

  private static RemoteMember member(JsonParser p) throws IOException {
    String id = null;
    String name = "";
    List<String> peerUrls = List.of();
    List<String> clientUrls = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "id" ->
            // etcd's peer /members writes the ID as an unsigned 64-bit number; hex is accepted too.
            id =
                value == JsonToken.VALUE_NUMBER_INT
                    ? unsignedAsHex(p.getText())
                    : value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "name" -> name = value == JsonToken.VALUE_STRING ? p.getText() : "";
        case "peerURLs" -> peerUrls = stringArray(p, value);
        case "clientURLs" -> clientUrls = stringArray(p, value);
        default -> p.skipChildren();
      }
    }
    var parsed = PeerHeaders.parseHex(id);
    if (parsed.isEmpty()) {
      throw new IOException("member id " + id + " is not hex");
    }
    return new RemoteMember(parsed.getAsLong(), name, peerUrls, clientUrls);
  }

  private static String unsignedAsHex(String decimal) throws IOException {
    try {
      return Long.toHexString(Long.parseUnsignedLong(decimal));
    } catch (NumberFormatException e) {
      throw new IOException("member id " + decimal + " is not an unsigned 64-bit number");
    }
  }

  private static List<String> stringArray(JsonParser p, JsonToken start) throws IOException {
    if (start == JsonToken.VALUE_NULL) {
      return List.of();
    }
    expect(p, start, JsonToken.START_ARRAY);
    List<String> values = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      expect(p, t, JsonToken.VALUE_STRING);
      values.add(p.getText());
    }
    return List.copyOf(values);
  }

  private static void expect(JsonParser p, JsonToken got, JsonToken want) throws IOException {
    if (got != want) {
      throw new IOException("expected " + want + " at " + p.currentLocation() + ", got " + got);
    }
  }
}
