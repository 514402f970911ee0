package cairn.server;

import cairn.http.MemberException;
import cairn.json.JsonTokens;
import cairn.json.JsonTokens.Token;
import cairn.json.Utf8JsonTokens;
import cairn.store.ErrorCode;
import cairn.store.Event;
import cairn.store.NodeExtern;
import cairn.store.Store;
import cairn.store.StoreException;
import cairn.store.TtlOptions;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster membership, kept where etcd keeps it: in the replicated store under {@code /0}
 * ({@code /0/members/<id>/raftAttributes} {@code {"peerURLs":[…]}}, {@code
 * /0/members/<id>/attributes} {@code {"name":…,"clientURLs":[…]}}, {@code
 * /0/removed_members/<id>}). Every member applies the same changes at the same log positions, so
 * reading it back gives every member the same answer; the checks are those etcd makes when a change
 * is applied.
 */
final class Membership {

  static final String MEMBERS = "/0/members";
  static final String REMOVED = "/0/removed_members";

  private static final JsonFactory JSON = new JsonFactory();

  private Membership() {}

  /** The members, in ascending (unsigned) ID order. */
  static List<Member> members(Store store) {
    List<Member> members = new ArrayList<>();
    for (NodeExtern dir : children(store, MEMBERS)) {
      long id = idOf(dir.key());
      List<String> peerUrls = List.of();
      String name = "";
      List<String> clientUrls = List.of();
      for (NodeExtern attr : dir.nodes() == null ? List.<NodeExtern>of() : dir.nodes()) {
        if (attr.key().endsWith("/raftAttributes")) {
          peerUrls = urls(attr.value(), "peerURLs");
        } else if (attr.key().endsWith("/attributes")) {
          name = string(attr.value(), "name");
          clientUrls = urls(attr.value(), "clientURLs");
        }
      }
      members.add(new Member(id, name, peerUrls, clientUrls));
    }
    members.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
    return List.copyOf(members);
  }

  /** The IDs of removed members: they can never come back. */
  static Set<Long> removed(Store store) {
    Set<Long> removed = new HashSet<>();
    for (NodeExtern n : children(store, REMOVED)) {
      removed.add(idOf(n.key()));
    }
    return Set.copyOf(removed);
  }

  /** Checks an add as etcd does at apply; throws the error the proposer gets. */
  static void checkAdd(Store store, long id, List<String> peerUrls) {
    if (removed(store).contains(id)) {
      throw MemberException.idRemoved();
    }
    for (Member m : members(store)) {
      if (m.id() == id) {
        throw MemberException.idExists();
      }
      if (m.peerUrls().stream().anyMatch(peerUrls::contains)) {
        throw MemberException.peerUrlExists();
      }
    }
  }

  static void checkRemove(Store store, long id) {
    if (removed(store).contains(id)) {
      throw MemberException.removed(MemberIds.hex(id));
    }
    if (members(store).stream().noneMatch(m -> m.id() == id)) {
      throw MemberException.notFound(MemberIds.hex(id));
    }
  }

  static void checkUpdate(Store store, long id, List<String> peerUrls) {
    if (removed(store).contains(id)) {
      throw MemberException.idRemoved();
    }
    boolean found = false;
    for (Member m : members(store)) {
      if (m.id() == id) {
        found = true;
      } else if (m.peerUrls().stream().anyMatch(peerUrls::contains)) {
        throw MemberException.peerUrlExists();
      }
    }
    if (!found) {
      throw MemberException.notFound(MemberIds.hex(id));
    }
  }

  static void add(Store store, long id, List<String> peerUrls, Instant now) {
    store.create(
        dir(id) + "/raftAttributes",
        false,
        raftAttributes(peerUrls),
        false,
        TtlOptions.PERMANENT,
        now);
  }

  static void remove(Store store, long id, Instant now) {
    store.delete(dir(id), true, true, now);
    store.create(REMOVED + "/" + MemberIds.hex(id), false, "", false, TtlOptions.PERMANENT, now);
  }

  static void updatePeerUrls(Store store, long id, List<String> peerUrls, Instant now) {
    store.update(dir(id) + "/raftAttributes", raftAttributes(peerUrls), TtlOptions.PERMANENT, now);
  }

  /**
   * A started member's name and client URLs; ignored for a member that is not (or no longer) in.
   */
  static boolean publish(Store store, long id, String name, List<String> clientUrls, Instant now) {
    if (members(store).stream().noneMatch(m -> m.id() == id)) {
      return false;
    }
    store.set(
        dir(id) + "/attributes", false, attributes(name, clientUrls), TtlOptions.PERMANENT, now);
    return true;
  }

  /**
   * The peer endpoint's {@code /members} body: a JSON array with numeric (unsigned) IDs, fields
   * {@code id, peerURLs, name, clientURLs}, the last two omitted while unstarted.
   */
  static String peerJson(List<Member> members) {
    return write(
        g -> {
          g.writeStartArray();
          for (Member m : members) {
            g.writeStartObject();
            g.writeFieldName("id");
            g.writeRawValue(Long.toUnsignedString(m.id()));
            array(g, "peerURLs", m.peerUrls());
            if (!m.name().isEmpty()) {
              g.writeStringField("name", m.name());
            }
            if (!m.clientUrls().isEmpty()) {
              array(g, "clientURLs", m.clientUrls());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  static String raftAttributes(List<String> peerUrls) {
    return write(
        g -> {
          g.writeStartObject();
          array(g, "peerURLs", peerUrls);
          g.writeEndObject();
        });
  }

  static String attributes(String name, List<String> clientUrls) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("name", name);
          array(g, "clientURLs", clientUrls);
          g.writeEndObject();
        });
  }

  private static String dir(long id) {
    return MEMBERS + "/" + MemberIds.hex(id);
  }

  private static long idOf(String key) {
    return Long.parseUnsignedLong(key.substring(key.lastIndexOf('/') + 1), 16);
  }

  private static List<NodeExtern> children(Store store, String dir) {
    try {
      Event e = store.get(dir, true, false, Instant.EPOCH);
      return e.node().nodes() == null ? List.of() : e.node().nodes();
    } catch (StoreException e) {
      if (e.errorCode() == ErrorCode.KEY_NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }

  private interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(JsonWriter writer) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen on a string", e);
    }
    return out.toString();
  }

  private static void array(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** The string array {@code field} of a stored JSON object; empty when absent. */
  private static List<String> urls(String json, String field) {
    List<String> values = new ArrayList<>();
    readField(
        json,
        field,
        p -> {
          if (p.current() == Token.START_ARRAY) {
            while (p.next() == Token.STRING) {
              values.add(p.asString());
            }
          }
        });
    return values;
  }

  private static String string(String json, String field) {
    StringBuilder value = new StringBuilder();
    readField(
        json,
        field,
        p -> {
          if (p.current() == Token.STRING) {
            value.append(p.asString());
          }
        });
    return value.toString();
  }

  private interface FieldReader {
    void read(JsonTokens p) throws IOException;
  }

  /**
   * Reads the records with the small reader rather than Jackson's parser: a member reads them as it
   * starts, and Jackson's first parse in a process initialises {@code BigDecimal} (see {@link
   * Utf8JsonTokens}), ~130 ms of CPU per member while restarted members share the cores.
   */
  private static void readField(String json, String field, FieldReader reader) {
    if (json == null || json.isEmpty()) {
      return;
    }
    try (JsonTokens p = new Utf8JsonTokens(json.getBytes(StandardCharsets.UTF_8))) {
      if (p.next() != Token.START_OBJECT) {
        return;
      }
      while (p.next() == Token.FIELD_NAME) {
        String name = p.name();
        p.next();
        if (name.equals(field)) {
          reader.read(p);
          return;
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      // Written by the server itself (or migrate): unreadable means a damaged store.
      throw new IllegalStateException("unreadable member record " + json + ": " + e.getMessage());
    }
  }
}
