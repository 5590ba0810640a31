import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { WidgetSettings, type WidgetSettings as WidgetSettingsType } from '@sapa/contracts';

/** A site's widget settings as stored (`widget_settings`, one document per site). */
interface WidgetSettingsDocument {
  readonly _id: string;
  readonly settings: WidgetSettingsType;
  readonly updatedAt: Date;
}

/** A site's identity secret (`identity_secrets`): the key of the host page's HMAC. */
interface IdentitySecretDocument {
  readonly _id: string;
  readonly secret: string;
  readonly createdAt: Date;
}

const DUPLICATE_KEY = 11000;

/** A new identity secret: 256 random bits, hex (what the host site's server puts in its HMAC). */
export const newIdentitySecret = (): string => randomBytes(32).toString('hex');

/** hex HMAC-SHA256(secret, email): what the host site computes on its server. */
export const identityHash = (secret: string, email: string): string =>
  createHmac('sha256', secret).update(email, 'utf8').digest('hex');

/** Compares a claimed hash with the right one in constant time; malformed hashes are false. */
export function verifyIdentityHash(secret: string, email: string, hash: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false;
  const expected = Buffer.from(identityHash(secret, email), 'hex');
  return timingSafeEqual(expected, Buffer.from(hash.toLowerCase(), 'hex'));
}

/**
 * Widget settings and identity secrets, one document per site each. Single-document writes
 * only (FerretDB-safe); "create once" is guarded by the `_id` unique index.
 */
export class SiteSettingsStore {
  private constructor(
    private readonly widget: Collection<WidgetSettingsDocument>,
    private readonly secrets: Collection<IdentitySecretDocument>,
  ) {}

  static open(db: Db): SiteSettingsStore {
    return new SiteSettingsStore(
      db.collection<WidgetSettingsDocument>('widget_settings'),
      db.collection<IdentitySecretDocument>('identity_secrets'),
    );
  }

  /** The saved settings, or null when the site never saved any (the caller applies defaults). */
  async getWidgetSettings(siteId: string): Promise<WidgetSettingsType | null> {
    const doc = await this.widget.findOne({ _id: siteId });
    if (!doc) return null;
    // Settings saved by an older version may lack newer fields: validate, fall back if broken.
    const parsed = WidgetSettings.safeParse(doc.settings);
    return parsed.success ? parsed.data : null;
  }

  async saveWidgetSettings(siteId: string, settings: WidgetSettingsType): Promise<void> {
    await this.widget.replaceOne(
      { _id: siteId },
      { settings, updatedAt: new Date() },
      { upsert: true },
    );
  }

  /** Creates the site's identity secret once; a second call returns the existing one. */
  async createIdentitySecret(siteId: string): Promise<string> {
    const doc: IdentitySecretDocument = {
      _id: siteId,
      secret: newIdentitySecret(),
      createdAt: new Date(),
    };
    try {
      await this.secrets.insertOne(doc);
      return doc.secret;
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
      const existing = await this.secrets.findOne({ _id: siteId });
      if (!existing) throw error;
      return existing.secret;
    }
  }

  /** The site's identity secret, or null when the site has none. Never sent anywhere. */
  async identitySecret(siteId: string): Promise<string | null> {
    return (await this.secrets.findOne({ _id: siteId }))?.secret ?? null;
  }
}
