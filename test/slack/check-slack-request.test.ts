import { describe, expect, it } from "vitest";
import { checkSlackHeaders, checkSlackSignature } from "../../src/slack/inbound/check-slack-request.ts";
import { signSlackRequest } from "../fakes/slack/signed-request.ts";

const secret = "test-signing-secret-0002";
const nowMs = Date.parse("2031-02-03T04:05:06Z");
const nowSec = Math.floor(nowMs / 1000);
const stamped = (timestamp: string | number) => ({
  "x-slack-request-timestamp": String(timestamp),
  "x-slack-signature": "v0=00",
});

describe("checking a Slack request's headers against the bot's clock", () => {
  it.each([
    ["now", 0],
    ["five minutes ahead", 300],
    ["five minutes behind", -300],
  ])("accepts a timestamp %s", (_name, offset) => {
    expect(checkSlackHeaders(stamped(nowSec + offset), nowMs)).toBeUndefined();
  });

  it.each([
    ["just over five minutes ahead", 301],
    ["just over five minutes behind", -301],
    ["a day ahead", 86_400],
  ])("refuses a timestamp %s", (_name, offset) => {
    expect(checkSlackHeaders(stamped(nowSec + offset), nowMs)).toMatch(/from the bot's clock/);
  });

  it.each([
    ["not a number", "soon"],
    ["negative", "-5"],
    ["in milliseconds", String(nowMs)],
  ])("refuses a timestamp that is %s", (_name, timestamp) => {
    expect(checkSlackHeaders(stamped(timestamp), nowMs)).toBeDefined();
  });

  it("refuses a request without a signature header", () => {
    expect(checkSlackHeaders({ "x-slack-request-timestamp": String(nowSec) }, nowMs)).toMatch(/signature/);
  });
});

describe("checking a Slack request's signature", () => {
  const body = Buffer.from('{"type":"event_callback"}');
  const headers = (signature: string) => ({
    "x-slack-request-timestamp": String(nowSec),
    "x-slack-signature": signature,
  });

  it("accepts the signature Slack computes over the raw body", () => {
    const signature = signSlackRequest(secret, nowSec, body.toString());
    expect(checkSlackSignature(secret, headers(signature), body, nowMs)).toBeUndefined();
  });

  it("refuses a signature made with another secret or over another body", () => {
    const otherSecret = signSlackRequest("another-secret", nowSec, body.toString());
    const otherBody = signSlackRequest(secret, nowSec, '{"type":"url_verification"}');
    expect(checkSlackSignature(secret, headers(otherSecret), body, nowMs)).toMatch(/signature mismatch/);
    expect(checkSlackSignature(secret, headers(otherBody), body, nowMs)).toMatch(/signature mismatch/);
  });
});
