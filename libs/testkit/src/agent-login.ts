/**
 * Logs an agent in through the gateway's REST API (`POST /api/v1/auth/login`), as the
 * dashboard does, sending `origin` when given; throws with the status and body when the
 * gateway refuses. Resolves with the token and the agent's id.
 */
export async function loginAgent(
  httpUrl: string,
  credentials: { readonly email: string; readonly password: string },
  origin?: string,
): Promise<{ token: string; agentId: string }> {
  const response = await fetch(`${httpUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token: string; agent: { agentId: string } };
  return { token: body.token, agentId: body.agent.agentId };
}
