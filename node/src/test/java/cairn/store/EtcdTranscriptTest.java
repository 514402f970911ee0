package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays a transcript recorded from the reference, etcd 3.4.23 started fresh with {@code
 * --enable-v2} (its v2 store is etcd 2.3's code): each {@code >} line is a request to {@code
 * /v2/keys}, each {@code <} line the HTTP status and body etcd answered. The test maps requests to
 * store calls as etcd's v2 HTTP layer does (docs/v2-http-api.md §6.1; user keys live under the
 * {@code /1} namespace, stripped from keys and causes), renders the results as etcd's JSON, and
 * compares them byte for byte.
 *
 * <p>etcd had used indexes 1–3 for internal writes under {@code /0} before the first request; the
 * test does the same. Recorded with a 60-line Python script (urllib, one request per line, the
 * parameters in the query string).
 */
class EtcdTranscriptTest {

  private static final Instant NOW = Instant.parse("2026-11-25T16:45:00Z");

  static final String TRANSCRIPT =
"""
> PUT /a/b/c value=1
< 201 {"action":"set","node":{"key":"/a/b/c","value":"1","modifiedIndex":4,"createdIndex":4}}
> PUT /a/b/c value=2
< 200 {"action":"set","node":{"key":"/a/b/c","value":"2","modifiedIndex":5,"createdIndex":5},"prevNode":{"key":"/a/b/c","value":"1","modifiedIndex":4,"createdIndex":4}}
> GET /a recursive=true&sorted=true
< 200 {"action":"get","node":{"key":"/a","dir":true,"nodes":[{"key":"/a/b","dir":true,"nodes":[{"key":"/a/b/c","value":"2","modifiedIndex":5,"createdIndex":5}],"modifiedIndex":4,"createdIndex":4}],"modifiedIndex":4,"createdIndex":4}}
> GET /a/b/c/d
< 400 {"errorCode":104,"message":"Not a directory","cause":"/a/b/c","index":5}
> GET /nope/x
< 404 {"errorCode":100,"message":"Key not found","cause":"/nope","index":5}
> PUT /a/b/c/d value=x
< 400 {"errorCode":104,"message":"Not a directory","cause":"/a/b/c","index":5}
> PUT /a value=x
< 403 {"errorCode":102,"message":"Not a file","cause":"/a","index":5}
> PUT /a dir=true
< 403 {"errorCode":102,"message":"Not a file","cause":"/a","index":5}
> PUT /d dir=true
< 201 {"action":"set","node":{"key":"/d","dir":true,"modifiedIndex":6,"createdIndex":6}}
> PUT /d prevExist=false&dir=true
< 412 {"errorCode":105,"message":"Key already exists","cause":"/d","index":6}
> PUT /k prevExist=false&value=v
< 201 {"action":"create","node":{"key":"/k","value":"v","modifiedIndex":7,"createdIndex":7}}
> PUT /k prevExist=false&value=v
< 412 {"errorCode":105,"message":"Key already exists","cause":"/k","index":7}
> PUT /k prevExist=true&value=w
< 200 {"action":"update","node":{"key":"/k","value":"w","modifiedIndex":8,"createdIndex":7},"prevNode":{"key":"/k","value":"v","modifiedIndex":7,"createdIndex":7}}
> PUT /missing prevExist=true&value=w
< 404 {"errorCode":100,"message":"Key not found","cause":"/missing","index":8}
> PUT /k prevValue=w&value=x
< 200 {"action":"compareAndSwap","node":{"key":"/k","value":"x","modifiedIndex":9,"createdIndex":7},"prevNode":{"key":"/k","value":"w","modifiedIndex":8,"createdIndex":7}}
> PUT /k prevValue=nope&value=y
< 412 {"errorCode":101,"message":"Compare failed","cause":"[nope != x]","index":9}
> PUT /k prevIndex=1&value=y
< 412 {"errorCode":101,"message":"Compare failed","cause":"[1 != 9]","index":9}
> PUT /k prevValue=nope&prevIndex=1&value=y
< 412 {"errorCode":101,"message":"Compare failed","cause":"[nope != x] [1 != 9]","index":9}
> PUT /k prevIndex=9&value=z
< 200 {"action":"compareAndSwap","node":{"key":"/k","value":"z","modifiedIndex":10,"createdIndex":7},"prevNode":{"key":"/k","value":"x","modifiedIndex":9,"createdIndex":7}}
> PUT /k prevExist=true&prevValue=z&value=zz
< 200 {"action":"compareAndSwap","node":{"key":"/k","value":"zz","modifiedIndex":11,"createdIndex":7},"prevNode":{"key":"/k","value":"z","modifiedIndex":10,"createdIndex":7}}
> PUT /a prevExist=true
< 200 {"action":"update","node":{"key":"/a","dir":true,"modifiedIndex":12,"createdIndex":4},"prevNode":{"key":"/a","dir":true,"modifiedIndex":4,"createdIndex":4}}
> GET /a
< 200 {"action":"get","node":{"key":"/a","dir":true,"nodes":[{"key":"/a/b","dir":true,"modifiedIndex":4,"createdIndex":4}],"modifiedIndex":4,"createdIndex":4}}
> PUT /a prevExist=true&value=x
< 403 {"errorCode":102,"message":"Not a file","cause":"/a","index":12}
> PUT /a prevValue=x&value=y
< 403 {"errorCode":102,"message":"Not a file","cause":"/a","index":12}
> POST /q value=first
< 201 {"action":"create","node":{"key":"/q/00000000000000000013","value":"first","modifiedIndex":13,"createdIndex":13}}
> POST /q value=second
< 201 {"action":"create","node":{"key":"/q/00000000000000000014","value":"second","modifiedIndex":14,"createdIndex":14}}
> GET /q sorted=true
< 200 {"action":"get","node":{"key":"/q","dir":true,"nodes":[{"key":"/q/00000000000000000013","value":"first","modifiedIndex":13,"createdIndex":13},{"key":"/q/00000000000000000014","value":"second","modifiedIndex":14,"createdIndex":14}],"modifiedIndex":13,"createdIndex":13}}
> POST /k value=x
< 400 {"errorCode":104,"message":"Not a directory","cause":"/k","index":14}
> POST /q dir=true
< 201 {"action":"create","node":{"key":"/q/00000000000000000015","dir":true,"modifiedIndex":15,"createdIndex":15}}
> PUT /_hidden value=h
< 201 {"action":"set","node":{"key":"/_hidden","value":"h","modifiedIndex":16,"createdIndex":16}}
> PUT /a/_h value=h
< 201 {"action":"set","node":{"key":"/a/_h","value":"h","modifiedIndex":17,"createdIndex":17}}
> GET / sorted=true
< 200 {"action":"get","node":{"dir":true,"nodes":[{"key":"/a","dir":true,"modifiedIndex":4,"createdIndex":4},{"key":"/d","dir":true,"modifiedIndex":6,"createdIndex":6},{"key":"/k","value":"zz","modifiedIndex":11,"createdIndex":7},{"key":"/q","dir":true,"modifiedIndex":13,"createdIndex":13}]}}
> GET /_hidden
< 200 {"action":"get","node":{"key":"/_hidden","value":"h","modifiedIndex":16,"createdIndex":16}}
> DELETE /a
< 403 {"errorCode":102,"message":"Not a file","cause":"/a","index":17}
> DELETE /a dir=true
< 403 {"errorCode":108,"message":"Directory not empty","cause":"/a","index":17}
> DELETE / dir=true&recursive=true
< 400 {"errorCode":107,"message":"Root is read only","cause":"/","index":17}
> DELETE / prevValue=x
< 403 {"errorCode":102,"message":"Not a file","index":17}
> DELETE /k prevValue=wrong
< 412 {"errorCode":101,"message":"Compare failed","cause":"[wrong != zz]","index":17}
> DELETE /k prevIndex=11
< 200 {"action":"compareAndDelete","node":{"key":"/k","modifiedIndex":18,"createdIndex":7},"prevNode":{"key":"/k","value":"zz","modifiedIndex":11,"createdIndex":7}}
> DELETE /d dir=true
< 200 {"action":"delete","node":{"key":"/d","dir":true,"modifiedIndex":19,"createdIndex":6},"prevNode":{"key":"/d","dir":true,"modifiedIndex":6,"createdIndex":6}}
> DELETE /a recursive=true
< 200 {"action":"delete","node":{"key":"/a","dir":true,"modifiedIndex":20,"createdIndex":4},"prevNode":{"key":"/a","dir":true,"modifiedIndex":4,"createdIndex":4}}
> DELETE /a
< 404 {"errorCode":100,"message":"Key not found","cause":"/a","index":20}
> GET /a/b/c wait=true&waitIndex=4
< 200 {"action":"set","node":{"key":"/a/b/c","value":"1","modifiedIndex":4,"createdIndex":4}}
> GET /a/b/c wait=true&waitIndex=6
< 200 {"action":"delete","node":{"key":"/a","dir":true,"modifiedIndex":20,"createdIndex":4},"prevNode":{"key":"/a","dir":true,"modifiedIndex":4,"createdIndex":4}}
> GET /q wait=true&recursive=true&waitIndex=14
< 200 {"action":"create","node":{"key":"/q/00000000000000000014","value":"second","modifiedIndex":14,"createdIndex":14}}
> GET /k wait=true&waitIndex=12
< 200 {"action":"compareAndDelete","node":{"key":"/k","modifiedIndex":18,"createdIndex":7},"prevNode":{"key":"/k","value":"zz","modifiedIndex":11,"createdIndex":7}}
> PUT /t value=v&ttl=
< 201 {"action":"set","node":{"key":"/t","value":"v","modifiedIndex":21,"createdIndex":21}}
> PUT /t prevExist=true&ttl=&value=w
< 200 {"action":"update","node":{"key":"/t","value":"w","modifiedIndex":22,"createdIndex":21},"prevNode":{"key":"/t","value":"v","modifiedIndex":21,"createdIndex":21}}
> PUT /e value=
< 201 {"action":"set","node":{"key":"/e","value":"","modifiedIndex":23,"createdIndex":23}}
> GET /e
< 200 {"action":"get","node":{"key":"/e","value":"","modifiedIndex":23,"createdIndex":23}}
> PUT /x/y/z dir=true
< 201 {"action":"set","node":{"key":"/x/y/z","dir":true,"modifiedIndex":24,"createdIndex":24}}
> GET /x recursive=true
< 200 {"action":"get","node":{"key":"/x","dir":true,"nodes":[{"key":"/x/y","dir":true,"nodes":[{"key":"/x/y/z","dir":true,"modifiedIndex":24,"createdIndex":24}],"modifiedIndex":24,"createdIndex":24}],"modifiedIndex":24,"createdIndex":24}}
> DELETE /x/y/z
< 403 {"errorCode":102,"message":"Not a file","cause":"/x/y/z","index":24}
> DELETE /x/y/z dir=true
< 200 {"action":"delete","node":{"key":"/x/y/z","dir":true,"modifiedIndex":25,"createdIndex":24},"prevNode":{"key":"/x/y/z","dir":true,"modifiedIndex":24,"createdIndex":24}}
> DELETE /x recursive=true
< 200 {"action":"delete","node":{"key":"/x","dir":true,"modifiedIndex":26,"createdIndex":24},"prevNode":{"key":"/x","dir":true,"modifiedIndex":24,"createdIndex":24}}
> PUT /k2 value=a
< 201 {"action":"set","node":{"key":"/k2","value":"a","modifiedIndex":27,"createdIndex":27}}
> PUT /k2 dir=true
< 200 {"action":"set","node":{"key":"/k2","dir":true,"modifiedIndex":28,"createdIndex":28},"prevNode":{"key":"/k2","value":"a","modifiedIndex":27,"createdIndex":27}}
> PUT /k2 prevIndex=0&prevExist=true&value=b
< 403 {"errorCode":102,"message":"Not a file","cause":"/k2","index":28}
> DELETE /k2 dir=true&recursive=true
< 200 {"action":"delete","node":{"key":"/k2","dir":true,"modifiedIndex":29,"createdIndex":28},"prevNode":{"key":"/k2","dir":true,"modifiedIndex":28,"createdIndex":28}}
> GET / recursive=true&sorted=true
< 200 {"action":"get","node":{"dir":true,"nodes":[{"key":"/e","value":"","modifiedIndex":23,"createdIndex":23},{"key":"/q","dir":true,"nodes":[{"key":"/q/00000000000000000013","value":"first","modifiedIndex":13,"createdIndex":13},{"key":"/q/00000000000000000014","value":"second","modifiedIndex":14,"createdIndex":14},{"key":"/q/00000000000000000015","dir":true,"modifiedIndex":15,"createdIndex":15}],"modifiedIndex":13,"createdIndex":13},{"key":"/t","value":"w","modifiedIndex":22,"createdIndex":21}]}}
> PUT /w/x value=1
< 201 {"action":"set","node":{"key":"/w/x","value":"1","modifiedIndex":30,"createdIndex":30}}
> GET /w wait=true&recursive=true&waitIndex=1
< 200 {"action":"set","node":{"key":"/w/x","value":"1","modifiedIndex":30,"createdIndex":30}}
> GET / wait=true&recursive=true&waitIndex=3
< 200 {"action":"set","node":{"key":"/a/b/c","value":"1","modifiedIndex":4,"createdIndex":4}}
> PUT /0 value=zero
< 201 {"action":"set","node":{"key":"/0","value":"zero","modifiedIndex":31,"createdIndex":31}}
> PUT /1 value=one
< 201 {"action":"set","node":{"key":"/1","value":"one","modifiedIndex":32,"createdIndex":32}}
> GET /1
< 200 {"action":"get","node":{"key":"/1","value":"one","modifiedIndex":32,"createdIndex":32}}
""";

  /**
   * Recorded the same way, with TTLs; expiration times and ttl values depend on the recording's
   * clock, so both sides are compared with them replaced by {@code E} and {@code T} (their presence
   * still counts). Every TTL outlives the recording, so no expiry shifts the indexes.
   */
  static final String TTL_TRANSCRIPT =
"""
> PUT /t1 value=a&ttl=100
< 201 {"action":"set","node":{"key":"/t1","value":"a","expiration":"E","ttl":T,"modifiedIndex":4,"createdIndex":4}}
> GET /t1
< 200 {"action":"get","node":{"key":"/t1","value":"a","expiration":"E","ttl":T,"modifiedIndex":4,"createdIndex":4}}
> PUT /t1 value=b
< 200 {"action":"set","node":{"key":"/t1","value":"b","modifiedIndex":5,"createdIndex":5},"prevNode":{"key":"/t1","value":"a","expiration":"E","ttl":T,"modifiedIndex":4,"createdIndex":4}}
> PUT /t2 value=a&ttl=100
< 201 {"action":"set","node":{"key":"/t2","value":"a","expiration":"E","ttl":T,"modifiedIndex":6,"createdIndex":6}}
> PUT /t2 prevExist=true&value=b
< 200 {"action":"update","node":{"key":"/t2","value":"b","modifiedIndex":7,"createdIndex":6},"prevNode":{"key":"/t2","value":"a","expiration":"E","ttl":T,"modifiedIndex":6,"createdIndex":6}}
> PUT /t3 value=a&ttl=100
< 201 {"action":"set","node":{"key":"/t3","value":"a","expiration":"E","ttl":T,"modifiedIndex":8,"createdIndex":8}}
> PUT /t3 refresh=true&ttl=200
< 200 {"action":"set","node":{"key":"/t3","value":"a","expiration":"E","ttl":T,"modifiedIndex":9,"createdIndex":9},"prevNode":{"key":"/t3","value":"a","expiration":"E","ttl":T,"modifiedIndex":8,"createdIndex":8}}
> PUT /t3 refresh=true&ttl=200&prevExist=true
< 200 {"action":"update","node":{"key":"/t3","value":"a","expiration":"E","ttl":T,"modifiedIndex":10,"createdIndex":9},"prevNode":{"key":"/t3","value":"a","expiration":"E","ttl":T,"modifiedIndex":9,"createdIndex":9}}
> PUT /t3 refresh=true&ttl=300&prevValue=a
< 200 {"action":"compareAndSwap","node":{"key":"/t3","value":"a","expiration":"E","ttl":T,"modifiedIndex":11,"createdIndex":9},"prevNode":{"key":"/t3","value":"a","expiration":"E","ttl":T,"modifiedIndex":10,"createdIndex":9}}
> PUT /missing refresh=true&ttl=300
< 404 {"errorCode":100,"message":"Key not found","cause":"/missing","index":11}
> PUT /td dir=true&ttl=100
< 201 {"action":"set","node":{"key":"/td","dir":true,"expiration":"E","ttl":T,"modifiedIndex":12,"createdIndex":12}}
> PUT /td/k value=1&ttl=50
< 201 {"action":"set","node":{"key":"/td/k","value":"1","expiration":"E","ttl":T,"modifiedIndex":13,"createdIndex":13}}
> GET /td recursive=true
< 200 {"action":"get","node":{"key":"/td","dir":true,"expiration":"E","ttl":T,"nodes":[{"key":"/td/k","value":"1","expiration":"E","ttl":T,"modifiedIndex":13,"createdIndex":13}],"modifiedIndex":12,"createdIndex":12}}
> PUT /td prevExist=true&ttl=200
< 200 {"action":"update","node":{"key":"/td","dir":true,"expiration":"E","ttl":T,"modifiedIndex":14,"createdIndex":12},"prevNode":{"key":"/td","dir":true,"expiration":"E","ttl":T,"modifiedIndex":12,"createdIndex":12}}
> PUT /td prevExist=true&ttl=
< 200 {"action":"update","node":{"key":"/td","dir":true,"modifiedIndex":15,"createdIndex":12},"prevNode":{"key":"/td","dir":true,"expiration":"E","ttl":T,"modifiedIndex":12,"createdIndex":12}}
> GET /td
< 200 {"action":"get","node":{"key":"/td","dir":true,"nodes":[{"key":"/td/k","value":"1","expiration":"E","ttl":T,"modifiedIndex":13,"createdIndex":13}],"modifiedIndex":12,"createdIndex":12}}
> POST /tq value=x&ttl=100
< 201 {"action":"create","node":{"key":"/tq/00000000000000000016","value":"x","expiration":"E","ttl":T,"modifiedIndex":16,"createdIndex":16}}
> DELETE /t1
< 200 {"action":"delete","node":{"key":"/t1","modifiedIndex":17,"createdIndex":5},"prevNode":{"key":"/t1","value":"b","modifiedIndex":5,"createdIndex":5}}
> PUT /t5 value=a&ttl=100
< 201 {"action":"set","node":{"key":"/t5","value":"a","expiration":"E","ttl":T,"modifiedIndex":18,"createdIndex":18}}
> DELETE /t5
< 200 {"action":"delete","node":{"key":"/t5","modifiedIndex":19,"createdIndex":18},"prevNode":{"key":"/t5","value":"a","expiration":"E","ttl":T,"modifiedIndex":18,"createdIndex":18}}
> PUT /t6 value=a&ttl=100
< 201 {"action":"set","node":{"key":"/t6","value":"a","expiration":"E","ttl":T,"modifiedIndex":20,"createdIndex":20}}
> DELETE /t6 prevValue=a
< 200 {"action":"compareAndDelete","node":{"key":"/t6","modifiedIndex":21,"createdIndex":20},"prevNode":{"key":"/t6","value":"a","expiration":"E","ttl":T,"modifiedIndex":20,"createdIndex":20}}
""";

  @Test
  void storeAnswersAsEtcdDidWithTtlsAndRefresh() {
    replay(TTL_TRANSCRIPT);
  }

  @Test
  void storeAnswersAsEtcdDid() {
    replay(TRANSCRIPT);
  }

  private static void replay(String transcript) {
    Store store = new Store(StoreConfig.DEFAULT, "/0", "/1");
    for (int i = 0; i < 3; i++) {
      store.set("/0/internal", false, "x", TtlOptions.PERMANENT, NOW);
    }
    String request = null;
    int line = 0;
    for (String l : transcript.split("\n")) {
      line++;
      if (l.startsWith("> ")) {
        request = l.substring(2);
      } else {
        assertEquals(
            l.substring(2), normalized(answer(store, request)), "line " + line + ": " + request);
      }
    }
  }

  /** etcd's v2 keys handler, reduced to what the transcript uses. */
  static String answer(Store store, String request) {
    String[] parts = request.split(" ", 3);
    String method = parts[0];
    String path = "/1" + parts[1];
    Map<String, String> q = new HashMap<>();
    if (parts.length == 3) {
      for (String kv : parts[2].split("&")) {
        int eq = kv.indexOf('=');
        q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    boolean dir = "true".equals(q.get("dir"));
    boolean recursive = "true".equals(q.get("recursive"));
    String value = q.getOrDefault("value", "");
    String prevValue = q.getOrDefault("prevValue", "");
    long prevIndex = Long.parseLong(q.getOrDefault("prevIndex", "0"));
    String prevExist = q.get("prevExist");
    String ttlParam = q.getOrDefault("ttl", "");
    TtlOptions ttl = TtlOptions.PERMANENT; // absent or empty: permanent
    if (!ttlParam.isEmpty()) {
      Instant at = NOW.plusSeconds(Long.parseLong(ttlParam));
      ttl = "true".equals(q.get("refresh")) ? TtlOptions.refresh(at) : TtlOptions.expireAt(at);
    }
    try {
      Event e;
      switch (method) {
        case "GET" -> {
          if ("true".equals(q.get("wait"))) {
            long since = Long.parseLong(q.getOrDefault("waitIndex", "0"));
            Watcher w = store.watch(path, recursive, false, since);
            return "200 " + json(w.poll());
          }
          e = store.get(path, recursive, "true".equals(q.get("sorted")), NOW);
        }
        case "POST" -> e = store.create(path, dir, value, true, ttl, NOW);
        case "PUT" -> {
          boolean compare = prevIndex > 0 || !prevValue.isEmpty();
          if ("true".equals(prevExist)) {
            e =
                compare
                    ? store.compareAndSwap(path, prevValue, prevIndex, value, ttl, NOW)
                    : store.update(path, value, ttl, NOW);
          } else if ("false".equals(prevExist)) {
            e = store.create(path, dir, value, false, ttl, NOW);
          } else if (compare) {
            e = store.compareAndSwap(path, prevValue, prevIndex, value, ttl, NOW);
          } else {
            e = store.set(path, dir, value, ttl, NOW);
          }
        }
        case "DELETE" -> {
          boolean compare = prevIndex > 0 || !prevValue.isEmpty();
          e =
              compare
                  ? store.compareAndDelete(path, prevValue, prevIndex, NOW)
                  : store.delete(path, dir, recursive, NOW);
        }
        default -> throw new IllegalArgumentException(method);
      }
      return (e.isCreated() ? 201 : 200) + " " + json(e);
    } catch (StoreException err) {
      StringBuilder b = new StringBuilder();
      b.append(err.errorCode().httpStatus()).append(" {\"errorCode\":");
      b.append(err.errorCode().code()).append(",\"message\":\"");
      b.append(err.errorCode().message()).append('"');
      String cause = trim(err.errorCause());
      if (!cause.isEmpty()) {
        b.append(",\"cause\":\"").append(cause).append('"');
      }
      return b.append(",\"index\":").append(err.index()).append('}').toString();
    }
  }

  /** Expiration times and ttl values replaced, as in the TTL transcript. */
  static String normalized(String answer) {
    return answer
        .replaceAll("\"expiration\":\"[^\"]*\"", "\"expiration\":\"E\"")
        .replaceAll("\"ttl\":-?[0-9]+", "\"ttl\":T");
  }

  /** etcd's trim of the user namespace from keys and causes. */
  static String trim(String s) {
    return s.startsWith("/1") ? s.substring(2) : s;
  }

  static String json(Event e) {
    StringBuilder b = new StringBuilder("{\"action\":\"").append(e.action().wireName());
    b.append("\",\"node\":");
    node(b, e.node());
    if (e.prevNode() != null) {
      b.append(",\"prevNode\":");
      node(b, e.prevNode());
    }
    return b.append('}').toString();
  }

  /** Go's encoding of NodeExtern: field order and omitempty as etcd's struct tags. */
  static void node(StringBuilder b, NodeExtern n) {
    StringBuilder f = new StringBuilder();
    String key = trim(n.key());
    if (!key.isEmpty()) {
      f.append(",\"key\":\"").append(key).append('"');
    }
    if (n.value() != null) {
      f.append(",\"value\":\"").append(n.value()).append('"');
    }
    if (n.dir()) {
      f.append(",\"dir\":true");
    }
    if (n.expiration() != null) {
      f.append(",\"expiration\":\"").append(n.expiration()).append('"');
    }
    if (n.ttl() != 0) {
      f.append(",\"ttl\":").append(n.ttl());
    }
    if (n.nodes() != null) {
      f.append(",\"nodes\":[");
      for (int i = 0; i < n.nodes().size(); i++) {
        if (i > 0) {
          f.append(',');
        }
        node(f, n.nodes().get(i));
      }
      f.append(']');
    }
    if (n.modifiedIndex() != 0) {
      f.append(",\"modifiedIndex\":").append(n.modifiedIndex());
    }
    if (n.createdIndex() != 0) {
      f.append(",\"createdIndex\":").append(n.createdIndex());
    }
    b.append('{').append(f.length() == 0 ? "" : f.substring(1)).append('}');
  }
}
