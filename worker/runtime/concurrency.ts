/**
 * Runs `task` over `inputs` with at most `limit` in flight and hands results to `onResult` in input
 * order, as soon as every earlier one is done (stable output order with parallel work).
 */
export async function forEachOrdered<T, R>(
  inputs: readonly T[],
  limit: number,
  task: (input: T, index: number) => Promise<R>,
  onResult: (result: R, index: number) => void,
): Promise<void> {
  const results = new Map<number, R>();
  let next = 0;
  let emitted = 0;
  const flush = () => {
    while (results.has(emitted)) {
      onResult(results.get(emitted) as R, emitted);
      results.delete(emitted);
      emitted += 1;
    }
  };
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results.set(index, await task(inputs[index] as T, index));
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
}
