import { redisScript } from "./redis-script.ts";

/** Store.addImages: ARGV: prefix, key, day, count (negative to give back); never below 0. */
export const addImagesScript = redisScript(
  "imagineAddImages",
  `
add_images(ARGV[2], ARGV[3], tonumber(ARGV[4]))
return 0
`,
);
