/**
 * Options roles use that later ansible.windows releases added, absent from 1.14 (the collection ansible-playbook
 * 2.14 runs here). 1.14 gives them no meaning: a legacy module (Parse-Args) ignores an option it does not read
 * without a word, an Ansible.Basic one fails the task with "Unsupported parameters". winbook refuses them at load,
 * saying which release has them and what does the job with 1.14. Release numbers: each module's documentation
 * ("added in ansible.windows X") on docs.ansible.com.
 */
export interface NewerOption {
  /** The ansible.windows release that added the option. */
  since: string;
  /** What 1.14 itself does with it. */
  in114: string;
  /** How to get the same effect with 1.14's modules. */
  hint: string;
}

export const NEWER_OPTIONS: Record<string, Record<string, NewerOption>> = {
  win_group: {
    members: {
      since: '2.7.0',
      in114: "1.14's legacy win_group ignores it without a word",
      hint: 'with 1.14, set the members with win_group_membership (name, members, state: present, absent or pure)',
    },
  },
  win_user: {
    account_expires: {
      since: '2.4.0',
      in114: "1.14's win_user fails the task: Unsupported parameters",
      hint: 'with 1.14, set the expiry with win_command: net user NAME /expires:DATE (or never)',
    },
  },
  win_dns_client: {
    suffix_search_list: {
      since: '3.1.0',
      in114: "1.14's legacy win_dns_client ignores it without a word",
      hint: 'with 1.14, set the suffix search list with win_regedit (HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters, SearchList)',
    },
  },
};

/** The refusal's text for `option` of `module`, when a later release added it; undefined otherwise. */
export function newerOptionText(module: string, option: string): { message: string; hint: string } | undefined {
  const n = NEWER_OPTIONS[module]?.[option];
  if (!n) return undefined;
  return {
    message: `unknown argument '${option}' for ${module}: ansible.windows ${n.since} added it; 1.14, the collection ansible-playbook 2.14 runs, has no such option (${n.in114})`,
    hint: n.hint,
  };
}
