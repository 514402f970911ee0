package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The classes a member initializes for the trained compilations' sake name classes that exist: ours
 * and Netty's on every build (a renamed class would silently stop helping), the JDK's on the JDK
 * the tests run on.
 */
class TrainedCodeClassesTest {

  private static final ClassLoader LOADER = TrainedCodeClassesTest.class.getClassLoader();

  @Test
  void everyNamedClassExists() {
    for (String name : TrainedCodeClasses.NAMES) {
      try {
        Class.forName(name, false, LOADER);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(name + " does not exist: update TrainedCodeClasses", e);
      }
    }
  }

  @Test
  void initializingThemFindsEveryOne() {
    assertEquals(TrainedCodeClasses.NAMES.size(), TrainedCodeClasses.initialize());
  }

  @Test
  void everyNameIsListedOnce() {
    assertEquals(TrainedCodeClasses.NAMES.size(), Set.copyOf(TrainedCodeClasses.NAMES).size());
  }
}
