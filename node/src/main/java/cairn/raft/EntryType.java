package cairn.raft;

/** What an entry's data holds: an application command or a membership change. */
public enum EntryType {
  NORMAL,
  CONF_CHANGE
}
