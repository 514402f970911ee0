package cairn.raft;

import java.util.ArrayList;
import java.util.List;

/** Builders of logs and messages for the specification tests. */
final class RaftTestUtil {
  private RaftTestUtil() {}

  /** Entries at indexes 2, 3, ... (index 1 is the bootstrap snapshot) with the given terms. */
  static List<Entry> entriesWithTerms(long... terms) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      out.add(Entry.normal(terms[i], i + 2, ("t" + terms[i] + "i" + (i + 2)).getBytes()));
    }
    return out;
  }

  /** A bootstrapped storage of voters 1..n whose log holds entries with the given terms. */
  static MemoryStorage storageWithLog(int n, long... terms) {
    List<Long> voters = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      voters.add(id);
    }
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(voters), new byte[0]);
    s.append(entriesWithTerms(terms));
    long last = terms.length == 0 ? 1 : terms[terms.length - 1];
    s.setHardState(new HardState(last, 0, 1));
    return s;
  }

  static Message msg(MessageType type, long from, long to, long term) {
    return Message.builder(type).from(from).to(to).term(term).build();
  }

  static List<Message> ofType(List<Message> msgs, MessageType type) {
    return msgs.stream().filter(m -> m.type() == type).toList();
  }
}
