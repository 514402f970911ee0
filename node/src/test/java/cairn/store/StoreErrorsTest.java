package cairn.store;

import static cairn.store.StoreTesting.T0;
import static cairn.store.StoreTesting.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every error the store raises, with etcd's exact code, message, cause and index (causes and shapes
 * checked against etcd 3.4's v2 store, whose code is 2.3's).
 */
class StoreErrorsTest {

  private static final TtlOptions P = TtlOptions.PERMANENT;
  private final Store store = new Store();

  // ---- 100 Key not found ----

  @Test
  void keyNotFoundOnGetNamesTheFirstMissingComponent() {
    store.set("/a", true, "", P, T0);
    assertError(ErrorCode.KEY_NOT_FOUND, "/a/b", 1, () -> store.get("/a/b/c", false, false, T0));
  }

  @Test
  void keyNotFoundOnUpdateCasDeleteCadAndRefresh() {
    assertError(ErrorCode.KEY_NOT_FOUND, "/k", 0, () -> store.update("/k", "v", P, T0));
    assertError(
        ErrorCode.KEY_NOT_FOUND, "/k", 0, () -> store.compareAndSwap("/k", "x", 0, "v", P, T0));
    assertError(ErrorCode.KEY_NOT_FOUND, "/k", 0, () -> store.delete("/k", false, false, T0));
    assertError(ErrorCode.KEY_NOT_FOUND, "/k", 0, () -> store.compareAndDelete("/k", "x", 0, T0));
    assertError(
        ErrorCode.KEY_NOT_FOUND,
        "/k",
        0,
        () -> store.set("/k", false, "", TtlOptions.refresh(StoreTesting.at(5)), T0));
    assertEquals(0, store.index());
    // [verified] refresh of a key under a missing directory names the directory.
    assertError(
        ErrorCode.KEY_NOT_FOUND,
        "/nope",
        0,
        () -> store.set("/nope/a", false, "", TtlOptions.refresh(StoreTesting.at(5)), T0));
  }

  // ---- 101 Compare failed ----

  @Test
  void compareFailedOnValue() {
    store.set("/k", false, "cur", P, T0);
    assertError(
        ErrorCode.TEST_FAILED,
        "[old != cur]",
        1,
        () -> store.compareAndSwap("/k", "old", 0, "v", P, T0));
  }

  @Test
  void compareFailedOnIndex() {
    store.set("/k", false, "cur", P, T0);
    assertError(
        ErrorCode.TEST_FAILED,
        "[7 != 1]",
        1,
        () -> store.compareAndSwap("/k", "cur", 7, "v", P, T0));
  }

  @Test
  void compareFailedOnBothPutsTheValuePartFirst() {
    store.set("/k", false, "cur", P, T0);
    assertError(
        ErrorCode.TEST_FAILED,
        "[old != cur] [7 != 1]",
        1,
        () -> store.compareAndSwap("/k", "old", 7, "v", P, T0));
  }

  @Test
  void compareAndDeleteFailures() {
    store.set("/k", false, "cur", P, T0);
    assertError(
        ErrorCode.TEST_FAILED, "[old != cur]", 1, () -> store.compareAndDelete("/k", "old", 0, T0));
    assertError(
        ErrorCode.TEST_FAILED, "[3 != 1]", 1, () -> store.compareAndDelete("/k", "", 3, T0));
    assertError(
        ErrorCode.TEST_FAILED,
        "[old != cur] [3 != 1]",
        1,
        () -> store.compareAndDelete("/k", "old", 3, T0));
  }

  // ---- 102 Not a file ----

  @Test
  void notFileForValueOperationsOnADirectory() {
    store.set("/d/k", false, "v", P, T0);
    assertError(ErrorCode.NOT_FILE, "/d", 1, () -> store.set("/d", false, "v", P, T0));
    assertError(ErrorCode.NOT_FILE, "/d", 1, () -> store.set("/d", true, "", P, T0));
    assertError(ErrorCode.NOT_FILE, "/d", 1, () -> store.compareAndSwap("/d", "x", 0, "v", P, T0));
    assertError(ErrorCode.NOT_FILE, "/d", 1, () -> store.compareAndDelete("/d", "x", 0, T0));
    assertError(ErrorCode.NOT_FILE, "/d", 1, () -> store.delete("/d", false, false, T0));
    assertError(ErrorCode.NOT_FILE, "/d", 1, () -> store.update("/d", "non-empty", P, T0));
  }

  @Test
  void compareAndDeleteOfTheRootIsNotFileNotReadOnly() {
    // [verified] etcd's CompareAndDelete has no read-only check.
    assertError(ErrorCode.NOT_FILE, "/", 0, () -> store.compareAndDelete("/", "x", 0, T0));
  }

  // ---- 104 Not a directory ----

  @Test
  void notDirWhenAPathComponentIsAKey() {
    store.set("/a", false, "x", P, T0);
    assertError(ErrorCode.NOT_DIR, "/a", 1, () -> store.set("/a/b", false, "y", P, T0));
    assertError(ErrorCode.NOT_DIR, "/a", 1, () -> store.get("/a/b", false, false, T0));
    assertError(ErrorCode.NOT_DIR, "/a", 1, () -> store.create("/a/b/c", false, "", false, P, T0));
    assertError(ErrorCode.NOT_DIR, "/a", 1, () -> store.delete("/a/b", false, false, T0));
  }

  @Test
  void notDirOnPostToAKey() {
    store.set("/a", false, "x", P, T0);
    assertError(ErrorCode.NOT_DIR, "/a", 1, () -> store.create("/a", false, "y", true, P, T0));
  }

  // ---- 105 Key already exists ----

  @Test
  void nodeExistOnCreateOfAKeyOrDirectory() {
    store.set("/k", false, "v", P, T0);
    store.set("/d", true, "", P, T0);
    assertError(ErrorCode.NODE_EXIST, "/k", 2, () -> store.create("/k", false, "v", false, P, T0));
    assertError(ErrorCode.NODE_EXIST, "/d", 2, () -> store.create("/d", true, "", false, P, T0));
  }

  // ---- 107 Root is read only ----

  @Test
  void rootIsReadOnlyForEveryWrite() {
    store.set("/k", false, "v", P, T0);
    assertError(ErrorCode.ROOT_READ_ONLY, "/", 1, () -> store.set("/", true, "", P, T0));
    assertError(ErrorCode.ROOT_READ_ONLY, "/", 1, () -> store.set("//", false, "", P, T0));
    assertError(ErrorCode.ROOT_READ_ONLY, "/", 1, () -> store.create("/", false, "", false, P, T0));
    assertError(ErrorCode.ROOT_READ_ONLY, "/", 1, () -> store.update("/", "", P, T0));
    assertError(
        ErrorCode.ROOT_READ_ONLY, "/", 1, () -> store.compareAndSwap("/", "a", 0, "", P, T0));
    assertError(ErrorCode.ROOT_READ_ONLY, "/", 1, () -> store.delete("/", true, true, T0));
  }

  // ---- 108 Directory not empty ----

  @Test
  void dirNotEmptyWithDirButNotRecursive() {
    store.set("/d/k", false, "v", P, T0);
    assertError(ErrorCode.DIR_NOT_EMPTY, "/d", 1, () -> store.delete("/d", true, false, T0));
  }

  @Test
  void directoryWithOnlyHiddenChildrenIsNotEmpty() {
    store.set("/d/_k", false, "v", P, T0);
    assertError(ErrorCode.DIR_NOT_EMPTY, "/d", 1, () -> store.delete("/d", true, false, T0));
  }

  // ---- 401 Event index cleared ----

  @Test
  void eventIndexClearedCarriesEtcdsCauseAndTheStoreIndex() {
    Store small = new Store(new StoreConfig(3, 100));
    for (int i = 0; i < 5; i++) {
      small.set("/k", false, "v" + i, P, T0);
    }
    assertError(
        ErrorCode.EVENT_INDEX_CLEARED,
        "the requested history has been cleared [3/2]",
        5,
        () -> small.watch("/k", false, false, 2));
  }

  // ---- the table ----

  @Test
  void errorTableHasEtcdsNumbersMessagesAndStatuses() {
    String table =
        Arrays.stream(ErrorCode.values())
            .map(c -> c.code() + " " + c.httpStatus() + " " + c.message())
            .reduce("", (a, b) -> a + b + "\n");
    assertEquals(
        "100 404 Key not found\n"
            + "101 412 Compare failed\n"
            + "102 403 Not a file\n"
            + "103 400 Reached the max number of peers in the cluster\n"
            + "104 400 Not a directory\n"
            + "105 412 Key already exists\n"
            + "106 400 The prefix of given key is a keyword in etcd\n"
            + "107 400 Root is read only\n"
            + "108 403 Directory not empty\n"
            + "109 400 Peer address has existed\n"
            + "110 401 The request requires user authentication\n"
            + "200 400 Value is Required in POST form\n"
            + "201 400 PrevValue is Required in POST form\n"
            + "202 400 The given TTL in POST form is not a number\n"
            + "203 400 The given index in POST form is not a number\n"
            + "204 400 Value or TTL is required in POST form\n"
            + "205 400 The given timeout in POST form is not a number\n"
            + "206 400 Name is required in POST form\n"
            + "207 400 Index or value is required\n"
            + "208 400 Index and value cannot both be specified\n"
            + "209 400 Invalid field\n"
            + "210 400 Invalid POST form\n"
            + "211 400 Value provided on refresh\n"
            + "212 400 A TTL must be provided on refresh\n"
            + "300 500 Raft Internal Error\n"
            + "301 500 During Leader Election\n"
            + "400 400 watcher is cleared due to etcd recovery\n"
            + "401 400 The event in requested index is outdated and cleared\n"
            + "402 400 Standby Internal Error\n"
            + "403 400 Invalid active size\n"
            + "404 400 Standby remove delay\n"
            + "500 400 Client Internal Error\n",
        table);
    assertEquals(ErrorCode.EVENT_INDEX_CLEARED, ErrorCode.of(401));
  }

  @Test
  void exceptionMessageReadsLikeEtcdsErrorString() {
    StoreException e = new StoreException(ErrorCode.KEY_NOT_FOUND, "/k", 3);
    assertEquals("Key not found (/k) [3]", e.getMessage());
  }
}
