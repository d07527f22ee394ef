/** The Qlik modules' behaviours on a simulated node, merged into the host's behaviour table. */
import type { Behaviour } from '../../host/behaviours/types.ts';
import { qlikServiceAccountBehaviour } from './qlik_service_account.ts';

export const qlikBehaviours: Record<string, Behaviour> = {
  qlik_service_account: qlikServiceAccountBehaviour,
};
