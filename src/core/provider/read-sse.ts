import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * Yields the server-sent events of a response body as they complete. Comments (`: keep-alive`)
 * are dropped by the parser; a malformed line never throws here, it just yields odd data.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<EventSourceMessage> {
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => ready.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* ready.splice(0);
  }
  parser.feed(decoder.decode());
  // A last event without its blank line still counts once the stream has ended.
  parser.reset({ consume: true });
  yield* ready.splice(0);
}
