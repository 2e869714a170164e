// Zustand store for the Profiles screen: the helper's list, quick-connect's choice, and the last import's problem.
import { create } from "zustand";
import type { BraidApi } from "../../../main/ipc/ipc-schema";
import type { ProfileList, ProfileProblem } from "../../../main/ipc/settings-types";

interface ProfilesStore {
  readonly list: ProfileList | undefined;
  readonly busy: boolean;
  /** A list-level failure (remove refused, helper gone), shown above the list. */
  readonly error: string | undefined;
  /** The last import's refusal, shown beside the import form with its line. */
  readonly importProblem: ProfileProblem | undefined;
  /** Name of the last profile imported, for the form's confirmation. */
  readonly imported: string | undefined;
  load(api: BraidApi): Promise<void>;
  importProfile(api: BraidApi, name: string, text: string): Promise<boolean>;
  remove(api: BraidApi, name: string): Promise<void>;
  setQuickConnect(api: BraidApi, name: string): Promise<void>;
  clearImportProblem(): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useProfilesStore = create<ProfilesStore>((set, get) => {
  async function run(work: () => Promise<ProfileList>): Promise<void> {
    if (get().busy) return;
    set({ busy: true, error: undefined });
    try {
      set({ list: await work() });
    } catch (error) {
      set({ error: message(error) });
    } finally {
      set({ busy: false });
    }
  }
  return {
    list: undefined,
    busy: false,
    error: undefined,
    importProblem: undefined,
    imported: undefined,
    load: (api) => run(() => api.profiles.list()),
    async importProfile(api, name, text) {
      set({ busy: true, importProblem: undefined, imported: undefined, error: undefined });
      try {
        const result = await api.profiles.import({ name, text });
        if (!result.ok) {
          set({ importProblem: result.problem });
          return false;
        }
        set({ imported: result.profile.name, list: await api.profiles.list() });
        return true;
      } catch (error) {
        set({ importProblem: { message: message(error) } });
        return false;
      } finally {
        set({ busy: false });
      }
    },
    remove: (api, name) => run(() => api.profiles.remove({ name })),
    setQuickConnect(api, name) {
      // The radio shows the choice at once; main's answer confirms it, or puts the old one back.
      const list = get().list;
      if (list && !get().busy) set({ list: { ...list, quickConnect: name } });
      return run(() => api.profiles.setQuickConnect({ name })).then(async () => {
        const error = get().error;
        if (!error) return;
        await run(() => api.profiles.list());
        set({ error });
      });
    },
    clearImportProblem: () => set({ importProblem: undefined, imported: undefined }),
  };
});
