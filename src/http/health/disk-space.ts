/**
 * Free space where the service writes (conversations, index versions). Reported before it runs out:
 * a full disk stops every write, and an index version needs room beside the live one.
 */
import { statfs } from 'node:fs/promises';
import type { HealthCheck } from './registry.ts';

const MB = 1024 * 1024;

export function diskSpaceCheck(dir: string, minFreeMb: number): HealthCheck {
  return {
    name: 'disk',
    async check() {
      let free: number;
      try {
        const stats = await statfs(dir);
        // bavail: what an unprivileged process may still use (root keeps a reserve on ext4).
        free = stats.bavail * stats.bsize;
      } catch (error) {
        // No data folder yet (a first start): nothing is full.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true };
        throw error;
      }
      if (free >= minFreeMb * MB) return { ok: true };
      return {
        ok: false,
        reason: `espace disque presque épuisé pour les données (${Math.floor(free / MB)} Mo libres, minimum ${minFreeMb} Mo) : enregistrements et réindexations risquent d'échouer`,
      };
    },
  };
}
