/** The Qlik modules' behaviours on a simulated node, merged into the host's behaviour table. */
import type { Behaviour } from '../../host/behaviours/types.ts';
import { qlikBootstrapBehaviour } from './qlik_bootstrap.ts';
import { qlikServiceAccountBehaviour } from './qlik_service_account.ts';

export const qlikBehaviours: Record<string, Behaviour> = {
  qlik_bootstrap: qlikBootstrapBehaviour,
  qlik_service_account: qlikServiceAccountBehaviour,
};
