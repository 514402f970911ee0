package cairn.node;

import cairn.util.MemberLog;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * {@code --discovery-srv <domain>} (node-config.md §11): the initial cluster from the DNS SRV
 * records {@code _etcd-server-ssl._tcp.<domain>} ({@code https}) and {@code
 * _etcd-server._tcp.<domain>} ({@code http}). The record whose target resolves to one of this
 * member's advertised peer addresses is named after this member; the others get the names 0, 1, …
 * in the order found. The URLs keep the SRV host names, so every member derives the same IDs.
 */
final class SrvDiscovery {

  /** An SRV record's target (without the trailing dot) and port. */
  record Srv(String target, int port) {}

  /** Looks up the SRV records of a name; none (an empty list) when it does not exist. */
  interface Lookup {
    List<Srv> srv(String name) throws NamingException;
  }

  private SrvDiscovery() {}

  /** The JDK's DNS client, asking {@code dnsUrl} ("dns:" for the system's resolvers). */
  static Lookup dns(String dnsUrl) {
    return name -> {
      Hashtable<String, String> env = new Hashtable<>();
      env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
      env.put(Context.PROVIDER_URL, dnsUrl);
      DirContext ctx = new InitialDirContext(env);
      try {
        Attribute records = ctx.getAttributes(name, new String[] {"SRV"}).get("SRV");
        List<Srv> found = new ArrayList<>();
        if (records != null) {
          NamingEnumeration<?> all = records.getAll();
          while (all.hasMore()) {
            String[] f = all.next().toString().trim().split("\\s+"); // priority weight port target
            String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
            found.add(new Srv(target, Integer.parseInt(f[2])));
          }
        }
        return found;
      } catch (javax.naming.NameNotFoundException e) {
        return List.of();
      } finally {
        ctx.close();
      }
    };
  }

  /**
   * The {@code --initial-cluster} text for member {@code name}.
   *
   * @throws FlagException etcd's errors: no records at all, or none of them is this member
   */
  static String initialCluster(
      String name, String domain, List<String> advertisePeerUrls, Lookup lookup, MemberLog log)
      throws FlagException {
    List<String> own = new ArrayList<>();
    for (String url : advertisePeerUrls) {
      URI u = URI.create(url);
      try {
        own.add(InetAddress.getByName(u.getHost()).getHostAddress() + ":" + u.getPort());
      } catch (UnknownHostException e) {
        throw new FlagException("cannot resolve " + u.getHost() + ": " + e.getMessage(), 1, false);
      }
    }
    List<String> entries = new ArrayList<>();
    boolean self = false;
    int failures = 0;
    int placeholder = 0;
    for (String[] service :
        List.of(new String[] {"etcd-server-ssl", "https"}, new String[] {"etcd-server", "http"})) {
      List<Srv> records;
      try {
        records = lookup.srv("_" + service[0] + "._tcp." + domain);
      } catch (NamingException e) {
        failures++;
        continue;
      }
      if (records.isEmpty()) {
        failures++;
        continue;
      }
      for (Srv r : records) {
        String address;
        try {
          address = InetAddress.getByName(r.target()).getHostAddress() + ":" + r.port();
        } catch (UnknownHostException e) {
          log.warning(
              "couldn't resolve host " + r.target() + ":" + r.port() + " during SRV discovery");
          continue;
        }
        String url = service[1] + "://" + r.target() + ":" + r.port();
        String entryName = name;
        if (!self && own.contains(address)) {
          self = true;
        } else {
          entryName = String.valueOf(placeholder++);
        }
        // etcd 2.3's notice (discovery/srv.go): the service's name, then the URL.
        log.notice("got bootstrap from DNS for " + service[0] + " at " + url);
        entries.add(entryName + "=" + url);
      }
    }
    if (failures == 2) {
      throw new FlagException(
          "discovery: SRV discovery failed: too many errors querying DNS SRV records", 1, false);
    }
    if (!self) {
      throw new FlagException(
          "cannot find local etcd member \"" + name + "\" in SRV records", 1, false);
    }
    return String.join(",", entries);
  }
}
