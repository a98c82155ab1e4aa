export async function interactionRoutes(): Promise<void> {}
