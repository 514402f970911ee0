package cairn.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The children of a directory by name: an open-addressing hash table with linear probing over the
 * nodes themselves (the name is the node's own field). A {@link java.util.HashMap} would add a
 * 32-byte entry per child; here a child costs one array slot (8 to 16 bytes with compressed oops),
 * which matters for directories of a million keys.
 *
 * <p>Capacity is a power of two, kept between 1/8 and 1/2 full (short probe runs: each probe reads
 * a node, likely a cache miss); removal shifts later entries back (no tombstones), so lookups never
 * slow down after deletions.
 */
final class ChildTable {

  private static final int MIN_CAPACITY = 4;

  private Node[] slots;
  private int shift; // 32 - log2(capacity)
  private int size;

  ChildTable() {
    this(0);
  }

  /** A table that takes {@code expected} children without growing (used when loading). */
  ChildTable(int expected) {
    int capacity = MIN_CAPACITY;
    while (capacity / 2 < expected) {
      capacity *= 2;
    }
    slots = new Node[capacity];
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
  }

  int size() {
    return size;
  }

  Node get(String name) {
    int h = name.hashCode();
    int mask = slots.length - 1;
    for (int i = (h * 0x9E3779B9) >>> shift; ; i = (i + 1) & mask) {
      Node n = slots[i];
      // Names cache their hash, so most non-matching slots are rejected without reading chars.
      if (n == null || (n.name.hashCode() == h && n.name.equals(name))) {
        return n;
      }
    }
  }

  /**
   * The child named by {@code path[from, to)}, without cutting the segment out of the path: a
   * lookup of a deep key allocates nothing. The hash is String's, so it matches the names' own.
   */
  Node get(String path, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + path.charAt(i);
    }
    int len = to - from;
    int mask = slots.length - 1;
    for (int i = (h * 0x9E3779B9) >>> shift; ; i = (i + 1) & mask) {
      Node n = slots[i];
      if (n == null
          || (n.name.hashCode() == h
              && n.name.length() == len
              && path.regionMatches(from, n.name, 0, len))) {
        return n;
      }
    }
  }

  /** Adds a child, replacing one with the same name. */
  void put(Node child) {
    int h = child.name.hashCode();
    int mask = slots.length - 1;
    for (int i = (h * 0x9E3779B9) >>> shift; ; i = (i + 1) & mask) {
      Node n = slots[i];
      if (n == null) {
        slots[i] = child;
        if (++size > slots.length / 2) {
          resize(slots.length * 2);
        }
        return;
      }
      if (n.name.hashCode() == h && n.name.equals(child.name)) {
        slots[i] = child;
        return;
      }
    }
  }

  /** Removes this exact child; false if it is not in the table. */
  boolean remove(Node child) {
    int mask = slots.length - 1;
    int i = home(child.name);
    while (slots[i] != child) {
      if (slots[i] == null) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = null;
    size--;
    // Shift back the entries of the probe run after i whose home is not in (i, j].
    for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int k = home(slots[j].name);
      boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!stays) {
        slots[i] = slots[j];
        slots[j] = null;
        i = j;
      }
    }
    if (slots.length > MIN_CAPACITY && size < slots.length / 8) {
      resize(slots.length / 2);
    }
    return true;
  }

  /**
   * A table of the same shape whose slots hold {@code copy} of each child, in the same slots: the
   * slot of a child depends only on its name, so nothing is hashed again.
   */
  ChildTable mapped(UnaryOperator<Node> copy) {
    ChildTable t = new ChildTable(slots.clone(), shift, size);
    for (int i = 0; i < t.slots.length; i++) {
      if (t.slots[i] != null) {
        t.slots[i] = copy.apply(t.slots[i]);
      }
    }
    return t;
  }

  private ChildTable(Node[] slots, int shift, int size) {
    this.slots = slots;
    this.shift = shift;
    this.size = size;
  }

  /** The children in no particular order. */
  List<Node> values() {
    List<Node> out = new ArrayList<>(size);
    for (Node n : slots) {
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  /** Fibonacci hashing: spreads String hashes, which are sequential for names like k1, k2… */
  private int home(String name) {
    return (name.hashCode() * 0x9E3779B9) >>> shift;
  }

  private void resize(int capacity) {
    Node[] old = slots;
    slots = new Node[capacity];
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    int mask = capacity - 1;
    for (Node n : old) {
      if (n != null) {
        int i = home(n.name);
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = n;
      }
    }
  }
}
