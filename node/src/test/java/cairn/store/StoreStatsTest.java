package cairn.store;

import static cairn.store.StoreTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The /v2/stats/store counters and their JSON. */
class StoreStatsTest {

  private static final TtlOptions P = TtlOptions.PERMANENT;

  @Test
  void everyOperationCountsItsSuccessOrFailure() {
    Store s = new Store();
    s.set("/k", false, "v", P, T0); // set ok
    assertThrows(StoreException.class, () -> s.set("/k/x", false, "v", P, T0)); // set fail
    s.get("/k", false, false, T0); // get ok
    s.get("/k", false, false, T0); // get ok
    assertThrows(StoreException.class, () -> s.get("/nope", false, false, T0)); // get fail
    s.create("/c", false, "", false, P, T0); // create ok
    assertThrows(StoreException.class, () -> s.create("/c", false, "", false, P, T0));
    s.update("/c", "u", P, T0); // update ok
    assertThrows(StoreException.class, () -> s.update("/nope", "", P, T0));
    s.compareAndSwap("/c", "u", 0, "w", P, T0); // cas ok
    assertThrows(StoreException.class, () -> s.compareAndSwap("/c", "u", 0, "w", P, T0));
    s.compareAndDelete("/c", "w", 0, T0); // cad ok
    assertThrows(StoreException.class, () -> s.compareAndDelete("/c", "w", 0, T0));
    s.set("/t", false, "", TtlOptions.expireAt(T0), T0);
    s.deleteExpiredKeys(T0); // expire
    assertThrows(StoreException.class, () -> s.delete("/t", false, false, T0)); // delete fail
    s.delete("/k", false, false, T0); // delete ok
    s.watch("/w", false, false, 0);
    s.watch("/w", true, true, 0);

    assertEquals(new StoreStats(2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2), s.stats());
  }

  @Test
  void jsonHasEtcdsFieldNamesInEtcdsOrder() {
    StoreStats st = new StoreStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    assertEquals(
        "{\"getsSuccess\":1,\"getsFail\":2,\"setsSuccess\":3,\"setsFail\":4,"
            + "\"deleteSuccess\":5,\"deleteFail\":6,\"updateSuccess\":7,\"updateFail\":8,"
            + "\"createSuccess\":9,\"createFail\":10,\"compareAndSwapSuccess\":11,"
            + "\"compareAndSwapFail\":12,\"compareAndDeleteSuccess\":13,"
            + "\"compareAndDeleteFail\":14,\"expireCount\":15,\"watchers\":16}",
        st.toJson());
  }
}
