package cairn.client;

/** Told of every HTTP request before it is sent; etcdctl's {@code --debug} prints them. */
@FunctionalInterface
public interface RequestListener {

  RequestListener NONE = (method, url, body) -> {};

  /** {@code body} is the form or JSON body, or null. */
  void onRequest(String method, String url, String body);
}
