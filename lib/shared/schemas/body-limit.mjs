/**
 * The largest request body a server action takes, in bytes: next.config.mjs gives it to Next.js, and forms use it
 * to say why a refused submit was refused. Plain JavaScript, as next.config.mjs is loaded without TypeScript.
 *
 * The longest form is a task: a plan of up to TASK_LIMITS.plan (1,048,576) UTF-16 units, which is at most 3 MiB of
 * UTF-8 (3 bytes per unit; a pair of units is 4 bytes). 8 MiB leaves room for the other fields and the encoding,
 * and stays under the 10 MiB Next.js keeps of a body for a proxy (middleware), so this limit answers first.
 */
export const SERVER_ACTION_BODY_LIMIT = 8 * 1024 * 1024;
