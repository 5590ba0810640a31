import { z } from 'zod';
import { Id } from './ids.js';

/** Sites (properties) and agents. Owned by services/directory. */

export const Origin = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must look like https://example.org[:port]');

export const AgentRole = z.enum(['admin', 'supervisor', 'agent']);
export type AgentRole = z.infer<typeof AgentRole>;

/** What the gateway needs to know about a site; safe to cache. */
export const SitePublic = z.object({
  siteId: Id,
  /** The key in the embed snippet. Public by design: it names the site, it does not authorise. */
  siteKey: Id,
  name: z.string().min(1).max(120),
  allowedOrigins: z.array(Origin).max(50),
  timeZone: z.string().min(1).max(64),
});
export type SitePublic = z.infer<typeof SitePublic>;

export const AgentPublic = z.object({
  agentId: Id,
  siteId: Id,
  name: z.string().min(1).max(120),
  email: z.email().max(254),
  role: AgentRole,
});
export type AgentPublic = z.infer<typeof AgentPublic>;

export const GetSiteByKey = z.object({ siteKey: Id });
export const GetSite = z.object({ siteId: Id });
export const SiteResult = z.object({ site: SitePublic });

export const Password = z.string().min(10).max(200);

export const CreateSite = z.object({
  name: z.string().min(1).max(120),
  allowedOrigins: z.array(Origin).min(1).max(50),
  timeZone: z.string().min(1).max(64).default('UTC'),
});
export type CreateSite = z.infer<typeof CreateSite>;

export const CreateAgent = z.object({
  siteId: Id,
  name: z.string().min(1).max(120),
  email: z.email().max(254),
  role: AgentRole.default('agent'),
  password: Password,
});
export type CreateAgent = z.infer<typeof CreateAgent>;
export const AgentResult = z.object({ agent: AgentPublic });

export const Login = z.object({ email: z.email().max(254), password: z.string().min(1).max(200) });
export type Login = z.infer<typeof Login>;
