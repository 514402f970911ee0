package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Go's path.Clean(path.Join("/", p)) and the hidden/ancestor rules the watchers use. */
class PathsTest {

  @Test
  void cleanMatchesGo() {
    assertEquals("/", Paths.clean(""));
    assertEquals("/", Paths.clean("/"));
    assertEquals("/", Paths.clean("//"));
    assertEquals("/a", Paths.clean("a"));
    assertEquals("/a/b", Paths.clean("/a/b/"));
    assertEquals("/a/b", Paths.clean("//a//b//"));
    assertEquals("/a/c", Paths.clean("/a/./b/../c"));
    assertEquals("/", Paths.clean("/../.."));
    assertEquals("/b", Paths.clean("/../b"));
    assertEquals("/a/.b/..c", Paths.clean("/a/.b/..c"));
    String clean = "/already/clean";
    assertTrue(clean == Paths.clean(clean), "clean paths are returned as is");
  }

  @Test
  void hiddenBelowTheWatchedPath() {
    assertTrue(Paths.isHiddenBelow("/", "/_a"));
    assertTrue(Paths.isHiddenBelow("/", "/a/_b/c"));
    assertTrue(Paths.isHiddenBelow("/a", "/a/_b"));
    assertFalse(Paths.isHiddenBelow("/_a", "/_a/b"));
    assertFalse(Paths.isHiddenBelow("/a", "/a"));
    assertFalse(Paths.isHiddenBelow("/a/b/c", "/a"));
  }

  @Test
  void belowIsBySegmentNotByStringPrefix() {
    assertTrue(Paths.isBelow("/foo/bar", "/foo"));
    assertFalse(Paths.isBelow("/foobar", "/foo"));
    assertFalse(Paths.isBelow("/foo", "/foo"));
    assertTrue(Paths.isBelow("/foo", "/"));
  }
}
