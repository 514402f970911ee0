package cairn.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the v2 API's JSON with Jackson's streaming parser: no data binding, so that a CLI that runs
 * one request starts fast. Unknown fields are skipped; a malformed answer is an IOException that
 * says what was expected.
 */
final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Parses {@code {}}: loads and initialises the parser's classes (see {@link JsonWarmUp}). */
  static void parseEmptyObject() throws IOException {
    try (JsonParser p = FACTORY.createParser(new byte[] {'{', '}'})) {
      expect(p, JsonToken.START_OBJECT, "an object");
    }
  }

  static KeysResponse keysResponse(byte[] body, long etcdIndex, long raftIndex, long raftTerm)
      throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p, JsonToken.START_OBJECT, "a key-space response");
      String action = null;
      Node node = null;
      Node prevNode = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "action" -> action = p.getValueAsString();
          case "node" -> node = value == JsonToken.VALUE_NULL ? null : node(p);
          case "prevNode" -> prevNode = value == JsonToken.VALUE_NULL ? null : node(p);
          default -> p.skipChildren();
        }
      }
      if (action == null) {
        throw new IOException("malformed answer from etcd: no action in " + preview(body));
      }
      return new KeysResponse(action, node, prevNode, etcdIndex, raftIndex, raftTerm);
    }
  }

  private static Node node(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("malformed answer from etcd: a node is not an object");
    }
    String key = "";
    String value = null;
    boolean dir = false;
    String expiration = null;
    long ttl = 0;
    List<Node> nodes = null;
    long createdIndex = 0;
    long modifiedIndex = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken token = p.nextToken();
      switch (field) {
        case "key" -> key = p.getValueAsString();
        case "value" -> value = token == JsonToken.VALUE_NULL ? null : p.getValueAsString();
        case "dir" -> dir = p.getValueAsBoolean();
        case "expiration" -> expiration = p.getValueAsString();
        case "ttl" -> ttl = p.getValueAsLong();
        case "createdIndex" -> createdIndex = p.getValueAsLong();
        case "modifiedIndex" -> modifiedIndex = p.getValueAsLong();
        case "nodes" -> {
          if (token == JsonToken.START_ARRAY) {
            nodes = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
              nodes.add(node(p));
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    return new Node(key, value, dir, expiration, ttl, nodes, createdIndex, modifiedIndex);
  }

  /** An etcd error body, or null if the body is not one. */
  static EtcdException error(byte[] body) {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int code = -1;
      String message = "";
      String cause = "";
      long index = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "errorCode" -> code = p.getValueAsInt();
          case "message" -> message = p.getValueAsString();
          case "cause" -> cause = p.getValueAsString();
          case "index" -> index = p.getValueAsLong();
          default -> p.skipChildren();
        }
      }
      return code < 0 ? null : new EtcdException(code, message, cause, index);
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code message} of a {@code {"message": ...}} answer, or null. */
  static String message(byte[] body) {
    Map<String, String> fields = strings(body);
    return fields == null ? null : fields.get("message");
  }

  /** The top-level scalar fields of an object as strings, or null if the body is not one. */
  static Map<String, String> strings(byte[] body) {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken token = p.nextToken();
        if (token.isScalarValue()) {
          fields.put(field, p.getValueAsString());
        } else {
          p.skipChildren();
        }
      }
      return fields;
    } catch (IOException e) {
      return null;
    }
  }

  static List<Member> members(byte[] body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p, JsonToken.START_OBJECT, "a member list");
      List<Member> members = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken token = p.nextToken();
        if (field.equals("members") && token == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            members.add(member(p));
          }
        } else {
          p.skipChildren();
        }
      }
      return members;
    }
  }

  static Member member(byte[] body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p, JsonToken.START_OBJECT, "a member");
      return member(p);
    }
  }

  private static Member member(JsonParser p) throws IOException {
    String id = "";
    String name = "";
    List<String> peerURLs = List.of();
    List<String> clientURLs = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken token = p.nextToken();
      switch (field) {
        case "id" -> id = p.getValueAsString();
        case "name" -> name = p.getValueAsString();
        case "peerURLs" -> peerURLs = stringArray(p, token);
        case "clientURLs" -> clientURLs = stringArray(p, token);
        default -> p.skipChildren();
      }
    }
    return new Member(id, name, peerURLs, clientURLs);
  }

  private static List<String> stringArray(JsonParser p, JsonToken token) throws IOException {
    List<String> values = new ArrayList<>();
    if (token == JsonToken.START_ARRAY) {
      while (p.nextToken() != JsonToken.END_ARRAY) {
        values.add(p.getValueAsString());
      }
    }
    return values;
  }

  private static void expect(JsonParser p, JsonToken token, String what) throws IOException {
    try {
      if (p.nextToken() == token) {
        return;
      }
    } catch (IOException e) {
      // fall through to the clearer message
    }
    throw new IOException("malformed answer from etcd: expected " + what);
  }

  private static String preview(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
