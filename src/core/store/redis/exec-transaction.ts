import type { ChainableCommander } from "ioredis";

/**
 * Runs the commands queued on a MULTI as one transaction, so they read one moment of the data,
 * and resolves with their answers; rejects with the first command's error.
 */
export async function execTransaction(transaction: ChainableCommander): Promise<unknown[]> {
  const replies = await transaction.exec();
  // exec answers null only when a WATCHed key changed; the store watches none.
  if (replies === null) throw new Error("a Redis transaction was aborted");
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
