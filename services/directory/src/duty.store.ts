import { MongoServerError, type Collection, type Db } from 'mongodb';
import { DutySettings, type ShiftSwap, type SwapStatus } from '@sapa/contracts';

/** A site's duty settings as stored (`duty_settings`, one document per site, swaps apart). */
interface DutyDocument {
  readonly _id: string;
  readonly duty: Omit<DutySettings, 'swaps'>;
  readonly updatedAt: Date;
}

/** One swap (`duty_swaps`, one document per swap, so two requests never overwrite each other). */
interface SwapDocument {
  readonly _id: string;
  readonly siteId: string;
  readonly swap: ShiftSwap;
}

const DUPLICATE_KEY = 11000;

/**
 * Duty settings and shift swaps. Single-document writes only (FerretDB-safe): a decision on a
 * swap is a conditional update on `status: requested`, so two supervisors deciding at once
 * cannot both win.
 */
export class DutyStore {
  private constructor(
    private readonly settings: Collection<DutyDocument>,
    private readonly swaps: Collection<SwapDocument>,
  ) {}

  /**
   * Opens the collections. The swaps' site index is created in the background: it only speeds
   * up reads, and waiting for it (slow on a busy FerretDB) would hold back the service's start.
   */
  static open(db: Db, onIndexError: (error: unknown) => void = () => undefined): DutyStore {
    const swaps = db.collection<SwapDocument>('duty_swaps');
    swaps.createIndex({ siteId: 1 }).catch(onIndexError);
    return new DutyStore(db.collection<DutyDocument>('duty_settings'), swaps);
  }

  /** The site's duty settings with its swaps; defaults (in `timeZone`) when never saved. */
  async get(siteId: string, timeZone = 'UTC'): Promise<DutySettings> {
    const [doc, swaps] = await Promise.all([
      this.settings.findOne({ _id: siteId }),
      this.swaps.find({ siteId }).toArray(),
    ]);
    // Settings saved by an older version may lack newer fields: parsing fills the defaults.
    const parsed = DutySettings.safeParse({ ...(doc?.duty ?? { timeZone }), swaps: [] });
    const base = parsed.success ? parsed.data : DutySettings.parse({ timeZone });
    const list = swaps
      .map((entry) => entry.swap)
      .sort((a, b) => a.requestedAt - b.requestedAt || (a.swapId < b.swapId ? -1 : 1));
    return { ...base, swaps: list };
  }

  async save(siteId: string, duty: Omit<DutySettings, 'swaps'>): Promise<void> {
    await this.settings.replaceOne(
      { _id: siteId },
      { duty, updatedAt: new Date() },
      { upsert: true },
    );
  }

  /** Files a new swap request; false when the id is taken. */
  async addSwap(siteId: string, swap: ShiftSwap): Promise<boolean> {
    try {
      await this.swaps.insertOne({ _id: swap.swapId, siteId, swap });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /** The swap, or null when the site has no such swap. */
  async getSwap(siteId: string, swapId: string): Promise<ShiftSwap | null> {
    return (await this.swaps.findOne({ _id: swapId, siteId }))?.swap ?? null;
  }

  /** Decides a pending swap; null when it was not pending any more (someone decided first). */
  async decideSwap(
    siteId: string,
    swapId: string,
    decision: { status: Exclude<SwapStatus, 'requested'>; decidedBy: string; decidedAt: number },
  ): Promise<ShiftSwap | null> {
    const result = await this.swaps.updateOne(
      { _id: swapId, siteId, 'swap.status': 'requested' },
      {
        $set: {
          'swap.status': decision.status,
          'swap.decidedBy': decision.decidedBy,
          'swap.decidedAt': decision.decidedAt,
        },
      },
    );
    if (result.modifiedCount !== 1) return null;
    return this.getSwap(siteId, swapId);
  }
}
