package cairn.client;

import cairn.json.JacksonTokens;
import cairn.json.JsonTokens;
import cairn.json.JsonTokens.Token;
import cairn.json.Utf8JsonTokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the v2 API's JSON with a streaming parser: no data binding, so that a CLI that runs one
 * request starts fast. Unknown fields are skipped; a malformed answer is an IOException that says
 * what was expected.
 */
final class Json {

  /** On Jackson's parser: the library's default. */
  static final Json JACKSON = new Json(true);

  /** On {@link Utf8JsonTokens}: for processes that read a few answers and exit. */
  static final Json UTF8 = new Json(false);

  private final boolean jackson;

  private Json(boolean jackson) {
    this.jackson = jackson;
  }

  private JsonTokens open(byte[] body) throws IOException {
    return jackson ? new JacksonTokens(body) : new Utf8JsonTokens(body);
  }

  KeysResponse keysResponse(byte[] body, long etcdIndex, long raftIndex, long raftTerm)
      throws IOException {
    try (JsonTokens p = open(body)) {
      expect(p, Token.START_OBJECT, "a key-space response");
      String action = null;
      Node node = null;
      Node prevNode = null;
      while (p.next() == Token.FIELD_NAME) {
        String field = p.name();
        Token value = p.next();
        switch (field) {
          case "action" -> action = p.asString();
          case "node" -> node = value == Token.NULL ? null : node(p);
          case "prevNode" -> prevNode = value == Token.NULL ? null : node(p);
          default -> p.skipChildren();
        }
      }
      if (action == null) {
        throw new IOException("malformed answer from etcd: no action in " + preview(body));
      }
      return new KeysResponse(action, node, prevNode, etcdIndex, raftIndex, raftTerm);
    }
  }

  private static Node node(JsonTokens p) throws IOException {
    if (p.current() != Token.START_OBJECT) {
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
    while (p.next() == Token.FIELD_NAME) {
      String field = p.name();
      Token token = p.next();
      switch (field) {
        case "key" -> key = p.asString();
        case "value" -> value = token == Token.NULL ? null : p.asString();
        case "dir" -> dir = p.asBoolean();
        case "expiration" -> expiration = p.asString();
        case "ttl" -> ttl = p.asLong();
        case "createdIndex" -> createdIndex = p.asLong();
        case "modifiedIndex" -> modifiedIndex = p.asLong();
        case "nodes" -> {
          if (token == Token.START_ARRAY) {
            nodes = new ArrayList<>();
            while (p.next() == Token.START_OBJECT) {
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
  EtcdException error(byte[] body) {
    try (JsonTokens p = open(body)) {
      if (p.next() != Token.START_OBJECT) {
        return null;
      }
      int code = -1;
      String message = "";
      String cause = "";
      long index = 0;
      while (p.next() == Token.FIELD_NAME) {
        String field = p.name();
        p.next();
        switch (field) {
          case "errorCode" -> code = p.asInt();
          case "message" -> message = p.asString();
          case "cause" -> cause = p.asString();
          case "index" -> index = p.asLong();
          default -> p.skipChildren();
        }
      }
      return code < 0 ? null : new EtcdException(code, message, cause, index);
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code message} of a {@code {"message": ...}} answer, or null. */
  String message(byte[] body) {
    Map<String, String> fields = strings(body);
    return fields == null ? null : fields.get("message");
  }

  /** The top-level scalar fields of an object as strings, or null if the body is not one. */
  Map<String, String> strings(byte[] body) {
    try (JsonTokens p = open(body)) {
      if (p.next() != Token.START_OBJECT) {
        return null;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      while (p.next() == Token.FIELD_NAME) {
        String field = p.name();
        Token token = p.next();
        if (token.isScalar()) {
          fields.put(field, p.asString());
        } else {
          p.skipChildren();
        }
      }
      return fields;
    } catch (IOException e) {
      return null;
    }
  }

  List<Member> members(byte[] body) throws IOException {
    try (JsonTokens p = open(body)) {
      expect(p, Token.START_OBJECT, "a member list");
      List<Member> members = new ArrayList<>();
      while (p.next() == Token.FIELD_NAME) {
        String field = p.name();
        Token token = p.next();
        if (field.equals("members") && token == Token.START_ARRAY) {
          while (p.next() == Token.START_OBJECT) {
            members.add(member(p));
          }
        } else {
          p.skipChildren();
        }
      }
      return members;
    }
  }

  Member member(byte[] body) throws IOException {
    try (JsonTokens p = open(body)) {
      expect(p, Token.START_OBJECT, "a member");
      return member(p);
    }
  }

  private static Member member(JsonTokens p) throws IOException {
    String id = "";
    String name = "";
    List<String> peerURLs = List.of();
    List<String> clientURLs = List.of();
    while (p.next() == Token.FIELD_NAME) {
      String field = p.name();
      Token token = p.next();
      switch (field) {
        case "id" -> id = p.asString();
        case "name" -> name = p.asString();
        case "peerURLs" -> peerURLs = stringArray(p, token);
        case "clientURLs" -> clientURLs = stringArray(p, token);
        default -> p.skipChildren();
      }
    }
    return new Member(id, name, peerURLs, clientURLs);
  }

  private static List<String> stringArray(JsonTokens p, Token token) throws IOException {
    List<String> values = new ArrayList<>();
    if (token == Token.START_ARRAY) {
      while (p.next() != Token.END_ARRAY) {
        values.add(p.asString());
      }
    }
    return values;
  }

  private static void expect(JsonTokens p, Token token, String what) throws IOException {
    try {
      if (p.next() == token) {
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
