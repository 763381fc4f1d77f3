import { BlockList, isIP } from "node:net";

// Addresses an image URL must never reach: the machine itself, private networks, link-local
// (cloud metadata services live there), carrier-grade NAT, multicast and reserved ranges.
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

function normalise(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const bare = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return { address: mapped[1], family: "ipv4" };
  return { address: bare, family: isIP(bare) === 6 ? "ipv6" : "ipv4" };
}

/** True for loopback, private, link-local and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const { address: ip, family } = normalise(address);
  return privateRanges.check(ip, family);
}

export function isLoopbackAddress(address: string): boolean {
  const { address: ip, family } = normalise(address);
  return loopback.check(ip, family);
}

/** Whether a connection may go to this address: any public one, and loopback when `allowLoopback` (tests). */
export function mayReachAddress(address: string, allowLoopback: boolean): boolean {
  return !isPrivateAddress(address) || (allowLoopback && isLoopbackAddress(address));
}

/** Whether a URL's host names this machine: `localhost`, or a loopback address written out. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || (isIpLiteral(host) && isLoopbackAddress(host.replace(/^\[|\]$/g, "")));
}

/** True when `host` is written as an IP address rather than a name. */
export function isIpLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, "")) !== 0;
}
