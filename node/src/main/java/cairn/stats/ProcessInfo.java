package cairn.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the {@code process_*} metrics report about this process. {@link #SYSTEM} asks the JVM and
 * Linux's {@code /proc/self}; tests pass fixed values. Each method answers empty when the platform
 * cannot tell (the metric is then left out rather than reported wrong).
 */
public interface ProcessInfo {

  /** Process start, seconds since the Unix epoch ({@code process_start_time_seconds}). */
  OptionalDouble startTimeSeconds();

  /** User and system CPU time, seconds ({@code process_cpu_seconds_total}). */
  OptionalDouble cpuSeconds();

  /** Resident set size, bytes ({@code process_resident_memory_bytes}). */
  OptionalDouble residentMemoryBytes();

  /** Virtual memory size, bytes ({@code process_virtual_memory_bytes}). */
  OptionalDouble virtualMemoryBytes();

  /** Open file descriptors ({@code process_open_fds}). */
  OptionalDouble openFds();

  /** The soft limit on open file descriptors ({@code process_max_fds}). */
  OptionalDouble maxFds();

  /** This JVM on Linux: {@link ProcessHandle} for times, {@code /proc/self} for the rest. */
  ProcessInfo SYSTEM =
      new ProcessInfo() {
        private final Path proc = Path.of("/proc/self");

        @Override
        public OptionalDouble startTimeSeconds() {
          return ProcessHandle.current()
              .info()
              .startInstant()
              .map(i -> OptionalDouble.of(seconds(i)))
              .orElse(OptionalDouble.empty());
        }

        @Override
        public OptionalDouble cpuSeconds() {
          return ProcessHandle.current()
              .info()
              .totalCpuDuration()
              .map(d -> OptionalDouble.of(d.toNanos() / 1e9))
              .orElse(OptionalDouble.empty());
        }

        @Override
        public OptionalDouble residentMemoryBytes() {
          return statusKiB("VmRSS:");
        }

        @Override
        public OptionalDouble virtualMemoryBytes() {
          return statusKiB("VmSize:");
        }

        @Override
        public OptionalDouble openFds() {
          try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            long n = 0;
            for (Path ignored : fds) {
              n++;
            }
            return OptionalDouble.of(n);
          } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
          }
        }

        @Override
        public OptionalDouble maxFds() {
          for (String line : lines("limits")) {
            if (line.startsWith("Max open files")) {
              String[] f = line.substring("Max open files".length()).trim().split("\\s+");
              return f[0].equals("unlimited")
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(Double.parseDouble(f[0]));
            }
          }
          return OptionalDouble.empty();
        }

        /** A {@code /proc/self/status} line such as {@code VmRSS: 24204 kB}, in bytes. */
        private OptionalDouble statusKiB(String field) {
          for (String line : lines("status")) {
            if (line.startsWith(field)) {
              String[] f = line.substring(field.length()).trim().split("\\s+");
              return OptionalDouble.of(Double.parseDouble(f[0]) * 1024);
            }
          }
          return OptionalDouble.empty();
        }

        private List<String> lines(String file) {
          try {
            return Files.readAllLines(proc.resolve(file));
          } catch (IOException | RuntimeException e) {
            return List.of();
          }
        }
      };

  /** Seconds since the epoch of {@code t}, with its fraction. */
  static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  /** Fixed values (for tests); a null component is unknown. */
  static ProcessInfo fixed(
      Instant start,
      Duration cpu,
      Long residentBytes,
      Long virtualBytes,
      Long openFds,
      Long maxFds) {
    return new ProcessInfo() {
      @Override
      public OptionalDouble startTimeSeconds() {
        return start == null ? OptionalDouble.empty() : OptionalDouble.of(seconds(start));
      }

      @Override
      public OptionalDouble cpuSeconds() {
        return cpu == null ? OptionalDouble.empty() : OptionalDouble.of(cpu.toNanos() / 1e9);
      }

      @Override
      public OptionalDouble residentMemoryBytes() {
        return of(residentBytes);
      }

      @Override
      public OptionalDouble virtualMemoryBytes() {
        return of(virtualBytes);
      }

      @Override
      public OptionalDouble openFds() {
        return of(openFds);
      }

      @Override
      public OptionalDouble maxFds() {
        return of(maxFds);
      }

      private OptionalDouble of(Long v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
      }
    };
  }
}
