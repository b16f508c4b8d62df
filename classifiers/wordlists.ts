// Word lists for the term matcher. Both are generic Danish, not tuned to any letter.

/** Danish function words (the Snowball list plus common abbreviations); they never carry a topic. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din dine disse dog du efter
  eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke ind jeg jer
  jeres jo kan kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op os over på
  selv sig sin sine sit skal skulle som sådan thi til ud under var vi vil ville vor vore vores være været
  mv mm bl ca evt fx jf dvs pga iht ift inkl ang vedr pr stk nr kl tlf mobil att`.split(/\s+/),
);

/**
 * Words found in nearly every letter to a municipality — letterheads, greetings, forms of address, the
 * act of writing or applying. A term made only of these must not decide the topic (tech-notes: "kommune"
 * from a letterhead, "ansøgning"), so they count for little.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  `kommune kommunen kommunal kommunale kommunens borger borgere borgeren ansøgning ansøge ansøger anmodning
  anmode henvendelse henvende spørgsmål sag sagen sager sagsbehandler sagsnummer journalnummer brev breve mail email
  e-mail svar besvarelse oplysning oplysninger information meddelelse orientering hjælp hjælpe tak hilsen venlig
  hej kære dato adresse telefon underskrift bilag vedlagt dokument dokumentation afgørelse blanket skema
  forvaltning afdeling center team kontor rådhus rådhuset myndighed anden andet frist tid dag uge måned år`.split(/\s+/),
);
