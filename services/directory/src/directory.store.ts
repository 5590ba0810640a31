import { MongoServerError, type Collection, type Db } from 'mongodb';
import {
  ConflictError,
  NotFoundError,
  newId,
  type AgentPublic,
  type AgentRole,
  type CreateSite,
  type SitePublic,
} from '@sapa/contracts';
import { normalizeEmail, normalizeOrigins, normalizeTimeZone } from './site.rules.js';

/** A site (property) as stored in the `sites` collection. */
export interface SiteDocument {
  readonly _id: string;
  /** Public key named in the embed snippet; unique. */
  readonly siteKey: string;
  readonly name: string;
  readonly allowedOrigins: string[];
  readonly timeZone: string;
  readonly createdAt: Date;
}

/** An agent account as stored in the `agents` collection. Never leaves this service as is. */
export interface AgentDocument {
  readonly _id: string;
  readonly siteId: string;
  readonly name: string;
  /** Lower-cased; unique across the installation, because login is by e-mail alone. */
  readonly email: string;
  readonly role: AgentRole;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

/** What `createAgent` stores: the password is already hashed by the caller. */
export interface NewAgent {
  readonly siteId: string;
  readonly name: string;
  readonly email: string;
  readonly role: AgentRole;
  readonly passwordHash: string;
}

/** An agent with its password hash, for the login check only. */
export interface AgentCredentials {
  readonly agent: AgentPublic;
  readonly passwordHash: string;
}

export interface DirectoryStoreOptions {
  /** Source of site keys. Tests pass a constant one to prove the unique index holds. */
  readonly newSiteKey?: () => string;
}

const DUPLICATE_KEY = 11000;
/** A random 128-bit key never collides in practice; the retries are for the impossible case. */
const SITE_KEY_ATTEMPTS = 3;

const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === DUPLICATE_KEY;

const toSitePublic = (doc: SiteDocument): SitePublic => ({
  siteId: doc._id,
  siteKey: doc.siteKey,
  name: doc.name,
  allowedOrigins: [...doc.allowedOrigins],
  timeZone: doc.timeZone,
});

// Built field by field so that nothing else in the document (the hash above all) can leak.
const toAgentPublic = (doc: AgentDocument): AgentPublic => ({
  agentId: doc._id,
  siteId: doc.siteId,
  name: doc.name,
  email: doc.email,
  role: doc.role,
});

/**
 * Sites and agents in MongoDB. Uses only what FerretDB 1.x also supports: single-document
 * writes and unique indexes, which are the guards against duplicate e-mails and site keys
 * (a check-then-insert would race between replicas).
 */
export class DirectoryStore {
  private constructor(
    private readonly sites: Collection<SiteDocument>,
    private readonly agents: Collection<AgentDocument>,
    private readonly newSiteKey: () => string,
  ) {}

  /** Opens the collections and makes sure their indexes exist (idempotent). */
  static async open(db: Db, options: DirectoryStoreOptions = {}): Promise<DirectoryStore> {
    const sites = db.collection<SiteDocument>('sites');
    const agents = db.collection<AgentDocument>('agents');
    await sites.createIndex({ siteKey: 1 }, { unique: true, name: 'siteKey_unique' });
    await agents.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await agents.createIndex({ siteId: 1 }, { name: 'siteId' });
    return new DirectoryStore(sites, agents, options.newSiteKey ?? newId);
  }

  /**
   * Creates a site with a fresh id and site key. Origins are normalised to what browsers send
   * and the time zone to its canonical IANA name; either invalid → ValidationError, nothing stored.
   */
  async createSite(input: CreateSite): Promise<SitePublic> {
    const allowedOrigins = normalizeOrigins(input.allowedOrigins);
    const timeZone = normalizeTimeZone(input.timeZone);
    for (let attempt = 1; ; attempt++) {
      const doc: SiteDocument = {
        _id: newId(),
        siteKey: this.newSiteKey(),
        name: input.name,
        allowedOrigins,
        timeZone,
        createdAt: new Date(),
      };
      try {
        await this.sites.insertOne(doc);
        return toSitePublic(doc);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (attempt >= SITE_KEY_ATTEMPTS) {
          throw new ConflictError('could not allocate a unique site key');
        }
      }
    }
  }

  /** The site with this id; NotFoundError when there is none. */
  async getSite(siteId: string): Promise<SitePublic> {
    const doc = await this.sites.findOne({ _id: siteId });
    if (!doc) throw new NotFoundError(`site ${siteId} not found`);
    return toSitePublic(doc);
  }

  /** The site named by a public site key; NotFoundError when there is none. */
  async getSiteByKey(siteKey: string): Promise<SitePublic> {
    const doc = await this.sites.findOne({ siteKey });
    if (!doc) throw new NotFoundError('unknown site key');
    return toSitePublic(doc);
  }

  /**
   * Creates an agent of an existing site. The e-mail is stored lower-cased, so addresses that
   * differ only in case are the same account: a duplicate → ConflictError('conflict').
   */
  async createAgent(input: NewAgent): Promise<AgentPublic> {
    await this.getSite(input.siteId);
    const doc: AgentDocument = {
      _id: newId(),
      siteId: input.siteId,
      name: input.name,
      email: normalizeEmail(input.email),
      role: input.role,
      passwordHash: input.passwordHash,
      createdAt: new Date(),
    };
    try {
      await this.agents.insertOne(doc);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new ConflictError('an agent with this e-mail already exists', 'conflict', {
          field: 'email',
        });
      }
      throw error;
    }
    return toAgentPublic(doc);
  }

  /** The agent with this e-mail (any case) and its password hash, or null. */
  async findCredentials(email: string): Promise<AgentCredentials | null> {
    const doc = await this.agents.findOne({ email: normalizeEmail(email) });
    return doc ? { agent: toAgentPublic(doc), passwordHash: doc.passwordHash } : null;
  }

  /** Replaces a password hash, e.g. to upgrade it to stronger KDF parameters. */
  async updatePasswordHash(agentId: string, passwordHash: string): Promise<void> {
    const result = await this.agents.updateOne({ _id: agentId }, { $set: { passwordHash } });
    if (result.matchedCount === 0) throw new NotFoundError(`agent ${agentId} not found`);
  }

  /** Every agent of a site with their departments, if any (notify mails new tickets to them). */
  async listAgents(siteId: string): Promise<Array<AgentPublic & { departments?: string[] }>> {
    const docs = await this.agents.find({ siteId }).sort({ name: 1 }).limit(1000).toArray();
    return docs.map((doc) => {
      const { departments } = doc as { departments?: unknown };
      return Array.isArray(departments)
        ? { ...toAgentPublic(doc), departments: departments.map(String) }
        : toAgentPublic(doc);
    });
  }
}
