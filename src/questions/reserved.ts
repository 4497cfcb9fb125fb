import { ZOOM_CONTACT_PROPERTIES } from "../hubspot/properties";

/** Properties the app writes itself (email and the four `zoom` ones): never filled from a registration answer. */
const OWN = new Set<string>(["email", ...ZOOM_CONTACT_PROPERTIES.map((p) => p.name)]);
export const isAnswerableProperty = (name: string) => !OWN.has(name);
