package cairn.store;

/**
 * The counters behind {@code /v2/stats/store}, a snapshot taken at one moment. Components are in
 * etcd's JSON field order and carry etcd's field names; {@link #toJson()} writes etcd's body. Write
 * counters count applied operations (so they agree on every member); {@code getsSuccess} and {@code
 * getsFail} are local; {@code watchers} is the number of watchers registered now.
 */
public record StoreStats(
    long getsSuccess,
    long getsFail,
    long setsSuccess,
    long setsFail,
    long deleteSuccess,
    long deleteFail,
    long updateSuccess,
    long updateFail,
    long createSuccess,
    long createFail,
    long compareAndSwapSuccess,
    long compareAndSwapFail,
    long compareAndDeleteSuccess,
    long compareAndDeleteFail,
    long expireCount,
    long watchers) {

  /** etcd's JSON for {@code /v2/stats/store}, fields in etcd's order, no trailing newline. */
  public String toJson() {
    return "{\"getsSuccess\":"
        + getsSuccess
        + ",\"getsFail\":"
        + getsFail
        + ",\"setsSuccess\":"
        + setsSuccess
        + ",\"setsFail\":"
        + setsFail
        + ",\"deleteSuccess\":"
        + deleteSuccess
        + ",\"deleteFail\":"
        + deleteFail
        + ",\"updateSuccess\":"
        + updateSuccess
        + ",\"updateFail\":"
        + updateFail
        + ",\"createSuccess\":"
        + createSuccess
        + ",\"createFail\":"
        + createFail
        + ",\"compareAndSwapSuccess\":"
        + compareAndSwapSuccess
        + ",\"compareAndSwapFail\":"
        + compareAndSwapFail
        + ",\"compareAndDeleteSuccess\":"
        + compareAndDeleteSuccess
        + ",\"compareAndDeleteFail\":"
        + compareAndDeleteFail
        + ",\"expireCount\":"
        + expireCount
        + ",\"watchers\":"
        + watchers
        + "}";
  }
}
