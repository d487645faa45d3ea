// A free loopback port for the servers tests start (test servers, the scale test's instances and nginx).
import net from "node:net";

/** A free loopback TCP port: the OS picks one, which is closed again before the caller listens on it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
