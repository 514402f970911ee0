package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order a snapshot writes a directory's children in: createdIndex, then name. Writes through
 * the store give every child of a directory its own index; a migrated image (TreeImage) may repeat
 * one or hold any long, and the order must not change with the size of the directory.
 */
class CreationOrderTest {

  private static final Comparator<Node> SPEC =
      Comparator.<Node>comparingLong(n -> n.createdIndex)
          .thenComparing((a, b) -> Paths.compare(a.name, b.name));

  private static List<Node> expected(Node dir) {
    List<Node> all = new ArrayList<>(dir.sortedChildren());
    all.sort(SPEC);
    return all;
  }

  private static Node directory(long[] createdIndexes) {
    Node dir = Node.newDir("d", null, 1);
    for (int i = 0; i < createdIndexes.length; i++) {
      dir.addChild(Node.newKey("k" + i, dir, createdIndexes[i], ""));
    }
    return dir;
  }

  @Test
  void distinctIndexesComeOutAscendingWhateverTheNames() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    for (int size : new int[] {0, 1, 2, 31, 32, 33, 100, 1_000, 5_000}) {
      List<Long> indexes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        indexes.add(2 + i * (1L + rnd.nextInt(5)));
      }
      Collections.shuffle(indexes, rnd);
      Node dir = directory(indexes.stream().mapToLong(Long::longValue).toArray());
      assertEquals(expected(dir), dir.childrenInCreationOrder(), "size " + size + ", seed " + seed);
    }
  }

  @Test
  void sharedIndexesAreOrderedByName() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    long[] indexes = new long[500];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = 1 + rnd.nextInt(50); // ten children to an index on average
    }
    Node dir = directory(indexes);
    assertEquals(expected(dir), dir.childrenInCreationOrder(), "seed " + seed);
  }

  @Test
  void indexesAtTheEndsOfTheLongRangeKeepTheirOrder() {
    long[] indexes = new long[100];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = i % 3 == 0 ? Long.MAX_VALUE - i : i % 3 == 1 ? -i : i;
    }
    Node dir = directory(indexes);
    assertEquals(expected(dir), dir.childrenInCreationOrder());
  }
}
