import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** How the server answers one path. */
export type ServedFile =
  /** These bytes; `chunked` leaves out content-length so only the bytes themselves tell the size. */
  | { kind: "bytes"; bytes: Buffer; status?: number; chunked?: boolean }
  /** A PNG signature, then more bytes for as long as the reader keeps reading. */
  | { kind: "endless" }
  | { kind: "redirect"; to: string }
  /** Headers, then nothing, never closing. */
  | { kind: "stall" };

/** How a response ended: all of it sent, or cut off by the reader. */
export interface ResponseEnd {
  readonly finished: boolean;
  readonly bytesSent: number;
}

/** A platform's file host on 127.0.0.1, as a stand-in for Discord's CDN or Slack's files. */
export interface InputFileServer {
  readonly origin: string;
  /** Every request received, in order, with its headers. */
  readonly requests: Array<{ readonly path: string; readonly headers: IncomingHttpHeaders }>;
  /** Serves `file` at `path`; returns its URL. */
  serve(path: string, file: ServedFile): string;
  /** Resolves when the (first) response at `path` has ended or been cut off. */
  ended(path: string): Promise<ResponseEnd>;
  /** Resolves when the first request for `path` arrives. */
  requested(path: string): Promise<void>;
  close(): Promise<void>;
}

const pngSignature = Buffer.from("89504e470d0a1a0a", "hex");
const filler = Buffer.alloc(64 * 1024, 7);

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

async function writeEndlessly(response: ServerResponse, sent: { bytes: number }): Promise<void> {
  response.writeHead(200, { "content-type": "image/png" });
  response.write(pngSignature);
  sent.bytes += pngSignature.length;
  while (!response.destroyed) {
    sent.bytes += filler.length;
    if (!response.write(filler)) await drainedOrClosed(response);
  }
}

/** A promise with its resolve at hand (Promise.withResolvers is newer than Node 20). */
interface Pending<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
}

function pending<T>(): Pending<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Starts a file host on 127.0.0.1 that serves what each test asks of it and notes who asked. */
export async function startInputFileServer(): Promise<InputFileServer> {
  const files = new Map<string, ServedFile>();
  const ends = new Map<string, Pending<ResponseEnd>>();
  const arrivals = new Map<string, Pending<void>>();
  const requests: InputFileServer["requests"] = [];
  const sockets = new Set<Socket>();
  const slot = <T>(map: Map<string, Pending<T>>, path: string) => {
    if (!map.has(path)) map.set(path, pending<T>());
    return map.get(path)!;
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    requests.push({ path, headers: request.headers });
    slot(arrivals, path).resolve();
    const sent = { bytes: 0 };
    response.on("close", () =>
      slot(ends, path).resolve({ finished: response.writableFinished, bytesSent: sent.bytes }),
    );
    const file = files.get(path);
    if (!file) return void response.writeHead(404).end("not found");
    switch (file.kind) {
      case "bytes":
        response.writeHead(file.status ?? 200, {
          "content-type": "application/octet-stream",
          ...(!file.chunked && { "content-length": file.bytes.length }),
        });
        sent.bytes = file.bytes.length;
        return void response.end(file.bytes);
      case "endless":
        return void writeEndlessly(response, sent);
      case "redirect":
        return void response.writeHead(302, { location: file.to }).end();
      case "stall":
        return void response.writeHead(200, { "content-type": "image/png" }).flushHeaders();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    serve(path, file) {
      files.set(path, file);
      return `${origin}${path}`;
    },
    ended: (path) => slot(ends, path).promise,
    requested: (path) => slot(arrivals, path).promise,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
