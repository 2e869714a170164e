// The screen switcher: an ARIA tab list (one tab stop; arrow keys, Home and End move between the screens).
import { useRef } from "react";
import { neighbourScreen, type Screen, screenLabels, screens } from "../store/screen";

export const tabId = (screen: Screen) => `screen-tab-${screen}`;
export const panelId = (screen: Screen) => `screen-panel-${screen}`;

export function ScreenTabs({ screen, onChange }: { screen: Screen; onChange: (next: Screen) => void }) {
  const refs = useRef(new Map<Screen, HTMLButtonElement>());
  return (
    <div className="screen-tabs" role="tablist" aria-label="Screens">
      {screens.map((s) => (
        <button
          key={s}
          ref={(element) => {
            if (element) refs.current.set(s, element);
            else refs.current.delete(s);
          }}
          type="button"
          role="tab"
          id={tabId(s)}
          className="screen-tab"
          aria-selected={s === screen}
          aria-controls={panelId(s)}
          tabIndex={s === screen ? 0 : -1}
          onClick={() => onChange(s)}
          onKeyDown={(event) => {
            const next = neighbourScreen(s, event.key);
            if (!next) return;
            event.preventDefault();
            onChange(next);
            refs.current.get(next)?.focus();
          }}
        >
          {screenLabels[s]}
        </button>
      ))}
    </div>
  );
}
