// Turns the tray's menu model into Electron's menu template; clicks come back as the model's actions.
import type { MenuItemConstructorOptions } from "electron";
import type { TrayAction, TrayMenuItem } from "./tray-menu";

export function electronMenuTemplate(
  items: readonly TrayMenuItem[],
  dispatch: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item) => templateItem(item, dispatch));
}

function templateItem(
  item: TrayMenuItem,
  dispatch: (action: TrayAction) => void,
): MenuItemConstructorOptions {
  switch (item.type) {
    case "status":
      return { label: item.label, enabled: false };
    case "separator":
      return { type: "separator" };
    case "action":
      return { label: item.label, enabled: item.enabled, click: () => dispatch(item.action) };
    case "radio":
      return {
        type: "radio",
        label: item.label,
        checked: item.checked,
        enabled: item.enabled,
        click: () => dispatch(item.action),
      };
    case "submenu":
      return {
        label: item.label,
        enabled: item.enabled,
        submenu: electronMenuTemplate(item.items, dispatch),
      };
  }
}
