import { connect, type Socket } from "node:net";

/** A request written by hand on its own connection, for bodies no HTTP client would send. */
export interface RawRequest {
  /** The status code the server answered with, or undefined if it closed the connection without one. */
  readonly status: Promise<number | undefined>;
  /** Writes to the connection; resolves once the bytes are handed to the system or the connection is gone. */
  write(data: Buffer | string): Promise<void>;
  /** Resolves once the connection is closed (by either side). */
  readonly closed: Promise<void>;
  destroy(): void;
}

/** Opens a connection to 127.0.0.1:`port` and writes a request line and headers (no body yet). */
export function openRawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
): RawRequest {
  const socket: Socket = connect({ host: "127.0.0.1", port });
  // A server refusing the body resets the connection while it is still being written: expected here.
  socket.on("error", () => {});
  let received = "";
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const status = new Promise<number | undefined>((resolve) => {
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3}) /.exec(received);
      if (match) resolve(Number(match[1]));
    });
    void closed.then(() => resolve(undefined));
  });
  const head = Object.entries({ host: `127.0.0.1:${port}`, ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.write(`${method} ${path} HTTP/1.1\r\n${head}\r\n`);
  return {
    status,
    closed,
    write: (data) =>
      socket.destroyed
        ? Promise.resolve()
        : Promise.race([closed, new Promise<void>((resolve) => socket.write(data, () => resolve()))]),
    destroy: () => void socket.destroy(),
  };
}
