// The helper's profiles: endpoint, mode and kill switch of each, quick-connect's choice, and remove (confirmed).
import { useState } from "react";
import type { ProfileList as List } from "../../../main/ipc/settings-types";

export interface ProfileListProps {
  readonly list: List | undefined;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onQuickConnect: (name: string) => void;
  readonly onRemove: (name: string) => void;
}

export function ProfileList({ list, busy, error, onQuickConnect, onRemove }: ProfileListProps) {
  const [confirming, setConfirming] = useState<string | undefined>();
  return (
    <section className="card profile-list-card" aria-labelledby="profiles-title" aria-busy={busy}>
      <h2 id="profiles-title" className="card-title">
        Profiles
      </h2>
      <p className="profiles-error" role="alert">
        {error ?? ""}
      </p>
      {list === undefined ? (
        <p className="profile-list-empty">Loading profiles…</p>
      ) : list.profiles.length === 0 ? (
        <p className="profile-list-empty">No profiles yet: import one below.</p>
      ) : (
        <ul className="profile-list" aria-label="Imported profiles">
          {list.profiles.map((profile) => {
            const isQuick = list.quickConnect === profile.name;
            return (
              <li
                key={profile.name}
                className="profile-row"
                data-testid="profile-row"
                data-name={profile.name}
                data-quick-connect={isQuick}
              >
                <div className="profile-text">
                  <span className="profile-name">{profile.name}</span>
                  <span className="profile-detail">
                    {profile.endpoint || "no endpoint"} · {profile.mode} · kill switch{" "}
                    {profile.killSwitch ? "on" : "off"}
                  </span>
                </div>
                <label className="quick-connect-choice">
                  <input
                    type="radio"
                    name="quick-connect"
                    checked={isQuick}
                    aria-label={`Use ${profile.name} for quick-connect`}
                    onChange={() => onQuickConnect(profile.name)}
                  />
                  <span aria-hidden="true">Quick-connect</span>
                </label>
                {confirming === profile.name ? (
                  <span className="remove-confirm">
                    <button
                      type="button"
                      className="button danger"
                      // Focus moves to the question asked, so a keyboard user answers it next.
                      ref={(element) => element?.focus()}
                      onClick={() => {
                        setConfirming(undefined);
                        onRemove(profile.name);
                      }}
                    >
                      Remove {profile.name}
                    </button>
                    <button type="button" className="button" onClick={() => setConfirming(undefined)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button"
                    aria-label={`Remove ${profile.name}…`}
                    onClick={() => setConfirming(profile.name)}
                  >
                    Remove…
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
