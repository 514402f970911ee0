package cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cairn.http.KeysWrite;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456789Z");

  @Test
  void writesRoundTripWithEveryField() {
    KeysWrite w =
        new KeysWrite(
            KeysWrite.Method.PUT,
            "/a/ключ",
            "x".repeat(70_000),
            false,
            NOW.plusSeconds(5),
            Boolean.TRUE,
            "old",
            7,
            false,
            true);
    EntryCodec.Request r = new EntryCodec.Request(EntryCodec.Kind.WRITE, -42, NOW, w);
    assertEquals(r, EntryCodec.decode(EntryCodec.encode(r)));
    KeysWrite d =
        new KeysWrite(KeysWrite.Method.DELETE, "/", "", true, null, null, "", 0, true, false);
    EntryCodec.Request r2 = new EntryCodec.Request(EntryCodec.Kind.WRITE, 1, NOW, d);
    assertEquals(r2, EntryCodec.decode(EntryCodec.encode(r2)));
    KeysWrite c =
        new KeysWrite(
            KeysWrite.Method.POST, "/q", "v", false, null, Boolean.FALSE, "", 0, false, false);
    EntryCodec.Request r3 = new EntryCodec.Request(EntryCodec.Kind.WRITE, 2, NOW, c);
    assertEquals(r3, EntryCodec.decode(EntryCodec.encode(r3)));
  }

  @Test
  void syncAndReadCarryOnlyIdAndTime() {
    for (EntryCodec.Kind k : new EntryCodec.Kind[] {EntryCodec.Kind.SYNC, EntryCodec.Kind.READ}) {
      EntryCodec.Request r = new EntryCodec.Request(k, 9, NOW, null);
      assertEquals(r, EntryCodec.decode(EntryCodec.encode(r)));
    }
  }

  @Test
  void refusesForeignOrTruncatedBytes() {
    byte[] good = EntryCodec.encode(new EntryCodec.Request(EntryCodec.Kind.SYNC, 0, NOW, null));
    assertThrows(IllegalArgumentException.class, () -> EntryCodec.decode(new byte[] {9}));
    assertThrows(
        IllegalArgumentException.class,
        () -> EntryCodec.decode(Arrays.copyOf(good, good.length - 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> EntryCodec.decode(Arrays.copyOf(good, good.length + 1)));
  }
}
