package cairn.store;

/** The {@code action} of an event, with etcd's wire name. */
public enum Action {
  GET("get"),
  SET("set"),
  CREATE("create"),
  UPDATE("update"),
  COMPARE_AND_SWAP("compareAndSwap"),
  DELETE("delete"),
  COMPARE_AND_DELETE("compareAndDelete"),
  EXPIRE("expire");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  /** The string etcd writes in the {@code action} field. */
  public String wireName() {
    return wireName;
  }

  /** True for the actions that remove a node (and so notify watchers below it). */
  public boolean removesNode() {
    return this == DELETE || this == COMPARE_AND_DELETE || this == EXPIRE;
  }
}
