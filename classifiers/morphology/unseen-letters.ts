// Letters about topics the dev corpus does not contain, written for this test from general knowledge of
// what citizens and businesses write to a municipality (not from the dev corpus, and not by reading the
// emner's OS2KLE terms): a small stand-in for post by other writers on other topics. Each is filed under
// the one emne a caseworker would choose; 26 emner in 23 hovedgrupper, none among the dev corpus's emner.

export interface UnseenLetter {
  nr: string;
  subject: string;
  body: string;
}

export const UNSEEN_LETTERS: readonly UnseenLetter[] = [
  { nr: '01.05.08', subject: 'Må vi grave en sø?', body: 'Vi har en mose bag huset og vil gerne grave den ud til en sø med frøer og fugle. Jeg har hørt, at mosen måske er beskyttet natur, og at vi skal have lov først. Hvad skal vi gøre?' },
  { nr: '02.25.00', subject: 'Brændeovn og skorsten', body: 'Vi har fået installeret en ny brændeovn i stuen, og skorstenen er blevet forlænget. Skal ildstedet anmeldes, og hvem kontrollerer, at skorstenen er brandsikker?' },
  { nr: '04.31.15', subject: 'Min mors grav', body: 'Brugsretten til min mors gravsted på kirkegården udløber til foråret. Jeg vil gerne forlænge den i ti år og høre, hvad det koster at få stenen renset og gruset ordnet.' },
  { nr: '05.23.04', subject: 'Kameraer på torvet', body: 'Der er kommet kameraer op på lygtepælene ved torvet og stationen. Hvem optager billederne, hvor længe gemmes optagelserne, og er der skiltet med videoovervågningen?' },
  { nr: '06.01.05', subject: 'Nedsivningsanlæg i sommerhuset', body: 'Vores sommerhus har en gammel septiktank med nedsivning. Vi har fået brev om, at anlægget skal forbedres. Kan vi få lov at lave et nyt nedsivningsanlæg, eller skal vi kloakeres?' },
  { nr: '09.17.04', subject: 'Møddingen lugter', body: 'Landmanden ved siden af har lagt en kæmpe bunke fast gødning fra kvæget lige op til vores skel uden overdækning. Det lugter forfærdeligt, og saften løber ud i grøften. Er det lovligt at opbevare gødningen sådan?' },
  { nr: '13.05.18', subject: 'Kan ikke tage bussen', body: 'Jeg er svært gangbesværet og kan ikke komme ind i en almindelig bus. Jeg vil gerne søge om at blive visiteret til individuel handicapkørsel, så jeg kan komme til indkøb og besøge min søster.' },
  { nr: '14.12.16', subject: 'Brandsyn i forsamlingshuset', body: 'Vi er bestyrelse for forsamlingshuset og skal holde fest for 150 personer. Hvornår kommer brandvæsenet på det årlige brandsyn, og hvad skal vi have styr på med flugtveje og nødbelysning?' },
  { nr: '14.12.22', subject: 'Salg af fyrværkeri', body: 'Jeg driver en kiosk og vil gerne sælge fyrværkeri op til nytår. Hvordan søger jeg tilladelse til at opbevare og sælge krudtet, og hvor meget må jeg have på lager?' },
  { nr: '15.03.10', subject: 'Truckcertifikat', body: 'Jeg er ledig og har fået tilbudt et job på et lager, hvis jeg har truckcertifikat. Kan jeg komme på et AMU-kursus i truckkørsel gennem jobcentret, og hvem betaler?' },
  { nr: '15.35.05', subject: 'Skade på arbejdet', body: 'Jeg faldt ned fra en stige på min arbejdsplads og brækkede håndleddet. Min arbejdsgiver har anmeldt ulykken som en arbejdsskade. Hvad betyder det for mig, og kan jeg få erstatning?' },
  { nr: '18.15.12', subject: 'Haltider til badmintonklubben', body: 'Vores badmintonklub er en godkendt folkeoplysende forening. Vi søger om tider i skolens gymnastiksal tirsdag og torsdag aften fra august, da vi har fået mange nye medlemmer.' },
  { nr: '19.02.18', subject: 'Gamle papirer i arkivet', body: 'Jeg forsker i min slægt og vil gerne se sognerådets protokoller fra 1930erne, som ligger i stadsarkivet. De er vist ikke offentligt tilgængelige endnu. Kan jeg søge om adgang?' },
  { nr: '21.01.12', subject: 'Bog jeg har bestilt', body: 'Jeg reserverede en bog på biblioteket for seks uger siden og står stadig som nummer tre i køen. Kan I købe et eksemplar mere, eller kan I hente den fra et andet bibliotek?' },
  { nr: '22.01.02', subject: 'Længere åbent i weekenden', body: 'Vi driver en bar i midtbyen og vil gerne søge om at holde åbent til klokken fem om natten fredag og lørdag. Politiet siger, at kommunen skal udtale sig om lukketiden først.' },
  { nr: '25.05.00', subject: 'Jeg er meldt ud af kirken', body: 'Jeg meldte mig ud af folkekirken i marts, men på min forskudsopgørelse betaler jeg stadig kirkeskat for hele året. Hvornår stopper det, og får jeg pengene tilbage?' },
  { nr: '25.45.49', subject: 'Min fars bo', body: 'Min far døde i sidste måned. Vi er ved at gøre boet op og har fået et krav fra kommunen om penge, han skyldte. Skal kravet sendes til skifteretten, eller betaler boet direkte til jer?' },
  { nr: '27.35.12', subject: 'Har ingen steder at bo', body: 'Jeg er blevet smidt ud af min kærestes lejlighed og har sovet i min bil i en uge. Jeg har ingen penge til et værelse. Kan kommunen skaffe mig et sted at sove i nat?' },
  { nr: '29.09.04', subject: 'Rygestop', body: 'Jeg har røget i tredive år og vil gerne holde op. Har kommunen et gratis rygestopkursus eller en rådgiver, jeg kan tale med, og kan jeg få tilskud til nikotinplaster?' },
  { nr: '30.10.50', subject: 'Samvær med min datter', body: 'Min eksmand og jeg kan ikke blive enige om, hvor ofte vores datter skal være hos ham, og om forældremyndigheden. Hvor skal vi henvende os for at få hjælp til en samværsaftale?' },
  { nr: '32.10.12', subject: 'Jeg er alene med børnene', body: 'Jeg er netop blevet skilt og bor nu alene med vores to børn. Har jeg ret til det ekstra tilskud, man får som enlig forælder, og skal jeg selv søge om det?' },
  { nr: '54.42.04', subject: 'Min søn vil starte på FGU', body: 'Vores søn på 17 år er droppet ud af gymnasiet og vil gerne starte på den forberedende grunduddannelse efter sommerferien. Hvordan bliver han optaget, og hvornår starter holdene?' },
  { nr: '81.30.03', subject: 'Barsel som ansat', body: 'Jeg er ansat som pædagog i en af kommunens børnehaver og venter barn til oktober. Hvordan planlægger jeg min orlov med fuld løn, og hvor længe kan min mand holde orlov bagefter?' },
  { nr: '82.16.02', subject: 'Leje af skolens festsal', body: 'Vi vil gerne låne skolens festsal en lørdag i maj til en loppemarkedsdag for vejlauget. Hvordan booker man kommunens lokaler, og koster det noget?' },
  { nr: '87.09.10', subject: 'Asbest i skolens tag', body: 'Jeg er tillidsrepræsentant på skolen. Håndværkerne skal skifte taget, og der er eternitplader med asbest. Findes der en registrering af, hvor der er asbest i bygningen?' },
  { nr: '24.05.00', subject: 'Turistinformation', body: 'Vi har et bed and breakfast og vil gerne have vores overnatningssted med i kommunens turistbrochure og på turistkontorets hjemmeside. Hvem skal vi kontakte?' },
];
