package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The children hash table against java.util.HashMap, through growth, shrinking and wrap-around. */
class ChildTableTest {

  @Test
  void agreesWithHashMapOnRandomPutsAndRemoves() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    Node parent = Node.newDir("", null, 0);
    for (int round = 0; round < 20; round++) {
      ChildTable t = new ChildTable();
      Map<String, Node> ref = new HashMap<>();
      int names = 1 + rnd.nextInt(3000);
      for (int op = 0; op < 20_000; op++) {
        String name = "k" + rnd.nextInt(names);
        if (rnd.nextInt(3) > 0) {
          Node n = Node.newKey(name, parent, op, "");
          t.put(n);
          ref.put(name, n);
        } else {
          Node n = ref.remove(name);
          if (n != null) {
            assertEquals(true, t.remove(n), "seed " + seed);
          }
        }
        if (op % 997 == 0) {
          for (int i = 0; i < names; i++) {
            assertSame(ref.get("k" + i), t.get("k" + i), "seed " + seed);
            String path = "/x/k" + i + "/y";
            assertSame(ref.get("k" + i), t.get(path, 3, path.length() - 2), "seed " + seed);
          }
        }
      }
      assertEquals(ref.size(), t.size(), "seed " + seed);
      assertEquals(new HashSet<>(ref.values()), new HashSet<>(t.values()), "seed " + seed);
    }
  }

  @Test
  void removeOfAnAbsentOrReplacedNodeIsFalse() {
    Node parent = Node.newDir("", null, 0);
    ChildTable t = new ChildTable();
    Node a = Node.newKey("a", parent, 1, "");
    Node a2 = Node.newKey("a", parent, 2, "");
    t.put(a);
    t.put(a2);
    assertEquals(1, t.size());
    assertFalse(t.remove(a));
    assertSame(a2, t.get("a"));
    assertFalse(t.remove(Node.newKey("b", parent, 3, "")));
    assertEquals(true, t.remove(a2));
    assertNull(t.get("a"));
  }
}
