import "server-only";

/**
 * A socket handler's arguments, split into the payload and the ack. Socket.IO passes the sender's arguments with its
 * ack callback last, if it asked for one; a client may send fewer or more arguments than the protocol says. The ack
 * is only ever that last function, so such an emit is still answered, and a value standing where the ack should be
 * is never called (an async handler's TypeError would be an unhandled rejection, which ends the server). The payload
 * is the first argument, undefined when only the ack came.
 */
export function splitAck<Ack extends (...answer: never[]) => void>(
  args: unknown[],
): { payload: unknown; ack: Ack | undefined } {
  const last = args.at(-1);
  const ack = typeof last === "function" ? (last as Ack) : undefined;
  return { payload: ack && args.length === 1 ? undefined : args[0], ack };
}
