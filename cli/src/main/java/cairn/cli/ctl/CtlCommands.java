package cairn.cli.ctl;

import java.util.List;

/** The etcdctl command tree: the global flags and every command, in the order help lists them. */
final class CtlCommands {

  /** The etcdctl version whose behaviour this client reproduces. */
  static final String ETCDCTL_VERSION = "2.3.8";

  static final List<CtlFlag> GLOBAL_FLAGS =
      List.of(
          CtlFlag.bool(
              "debug", null, "output cURL commands which can be used to reproduce the request"),
          CtlFlag.bool(
              "no-sync", null, "don't synchronize cluster information before sending request"),
          CtlFlag.string(
              "output",
              "o",
              "simple",
              "output response in the given format (`simple`, `extended` or `json`)"),
          CtlFlag.string("peers", "C", null, "DEPRECATED - \"--endpoints\" should be used instead"),
          CtlFlag.string(
              "endpoint", null, null, "DEPRECATED - \"--endpoints\" should be used instead"),
          CtlFlag.string(
              "endpoints",
              null,
              null,
              "a comma-delimited list of machine addresses in the cluster (default: \""
                  + Ctl.DEFAULT_ENDPOINTS
                  + "\")"),
          CtlFlag.string(
              "cert-file", null, null, "identify HTTPS client using this SSL certificate file"),
          CtlFlag.string("key-file", null, null, "identify HTTPS client using this SSL key file"),
          CtlFlag.string(
              "ca-file",
              null,
              null,
              "verify certificates of HTTPS-enabled servers using this CA bundle"),
          CtlFlag.string(
              "username",
              "u",
              null,
              "provide username[:password] and prompt if password is not supplied."),
          CtlFlag.string("timeout", null, "1s", "connection timeout per request"),
          CtlFlag.string(
              "total-timeout", null, "5s", "timeout for the command execution (except watch)"),
          CtlFlag.bool("version", "v", "print the version"));

  static final CtlCommandDef ROOT =
      new CtlCommandDef(
          "etcdctl",
          "A simple command line client for etcd.",
          "",
          GLOBAL_FLAGS,
          null,
          List.of(
              KeyCommands.GET,
              KeyCommands.SET,
              KeyCommands.MK,
              KeyCommands.MKDIR,
              KeyCommands.SETDIR,
              KeyCommands.UPDATE,
              KeyCommands.UPDATEDIR,
              KeyCommands.RM,
              KeyCommands.RMDIR,
              KeyCommands.LS,
              WatchCommands.WATCH,
              WatchCommands.EXEC_WATCH,
              MemberCommands.MEMBER,
              ClusterHealth.COMMAND,
              Shell.COMMAND));

  private CtlCommands() {}
}
