export async function httpBench(_o: { itemsFile: string; queriesFile: string; seconds: number }): Promise<void> {}
