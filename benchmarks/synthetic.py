"""A deterministic synthetic drill library of any size, for benchmarks.

`make_library(n)` returns n drills and max(1, n // 20) sessions that pass `drillcards check`:
mostly English, with German, French, Spanish, Russian and Greek drills, accented place names in
the sessions, realistic lengths and a few repeated video links. The same n always gives the same
library, and the first drills of a larger library are the drills of a smaller one.

    python benchmarks/synthetic.py 100 drills-100.json
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path

SEED = 20261125

# drills.schema.json's maxLength per field, counted in printed length (wide letters count
# extra); generated text keeps to 85 % of it in plain characters, which leaves room for them.
LIMITS = {
    "name": 40,
    "summary": 110,
    "cue": 60,
    "fault": 55,
    "fix": 70,
    "variation": 45,
    "dosage": 60,
    "focus": 30,
    "equipment": 40,
    "category": 30,
    "title": 60,
    "note": 160,
    "text": 300,
}
MARGIN = 0.85


def fits(text: str, field: str) -> bool:
    return len(text) <= LIMITS[field] * MARGIN


# Per language: bases and modifiers of names as (text, ascii slug), and pools for every field.
LANGUAGES = {
    "en": {
        "weight": 50,
        "bases": [
            ("Ankle drill", "ankle-drill"),
            ("Stork walk", "stork-walk"),
            ("Pogo jumps", "pogo-jumps"),
            ("Butt kicks", "butt-kicks"),
            ("High knees", "high-knees"),
            ("A-skip", "a-skip"),
            ("B-skip", "b-skip"),
            ("Carioca", "carioca"),
            ("Straight-leg bounds", "straight-leg-bounds"),
            ("Power skips", "power-skips"),
            ("Wall drill", "wall-drill"),
            ("Hill bounds", "hill-bounds"),
            ("Walking lunges", "walking-lunges"),
            ("Scissor hops", "scissor-hops"),
            ("Fast feet", "fast-feet"),
            ("Side shuffle", "side-shuffle"),
            ("Backward run", "backward-run"),
            ("Single-leg hops", "single-leg-hops"),
            ("Heel walk", "heel-walk"),
            ("Toe walk", "toe-walk"),
            ("Quick steps", "quick-steps"),
            ("Skipping for height", "skipping-for-height"),
            ("Bounding run", "bounding-run"),
            ("Arm swing drill", "arm-swing-drill"),
            ("Knee-lift hopper run", "hopper-run"),
            ("Jumping jacks", "jumping-jacks"),
            ("Drop-in strides", "drop-in-strides"),
            ("Ladder runs", "ladder-runs"),
        ],
        "modifiers": [
            ("on the spot", "on-the-spot"),
            ("moving forward", "forward"),
            ("uphill", "uphill"),
            ("on grass", "grass"),
            ("with a band", "band"),
            ("single leg", "single-leg"),
            ("fast", "fast"),
            ("slow tempo", "slow"),
            ("into a stride", "into-stride"),
            ("over mini hurdles", "mini-hurdles"),
            ("in pairs", "pairs"),
            ("with a pause", "pause"),
            ("backwards", "backwards"),
            ("with arm drive", "arms"),
            ("barefoot", "barefoot"),
            ("alternating legs", "alternating"),
            ("on the bend", "bend"),
            ("3 + 3 rhythm", "3-3-rhythm"),
        ],
        "actions": [
            "Quick, heel-driven steps with the ball of the foot kept down.",
            "Springy two-foot bounces off stiff ankles, knees nearly straight.",
            "A tall, rhythmic skip with an active knee lift and a clawing foot.",
            "Slow walk with a high knee lift and a flat-foot landing under the hip.",
            "Long, low bounds with straight legs that pull the ground back.",
            "Heels flick up to the seat while the knees point down.",
            "Short, fast steps with the feet landing under the hips.",
            "Side steps crossing the back leg in front and behind.",
            "Hops on one leg with a firm ankle and a level pelvis.",
            "Lean on a wall and drive one knee up, then switch fast.",
        ],
        "purposes": [
            "Trains a springy ankle and light foot contact.",
            "Builds calf and Achilles stiffness.",
            "Keeps the hips high and the trunk tall.",
            "Improves rhythm between arms and legs.",
            "Strengthens the hamstrings for the pull-back.",
            "Keeps ground contacts short when tired.",
            "Improves balance and single-leg stability.",
            "Wakes the legs up before faster running.",
        ],
        "cues": [
            "Ball of the foot hardly leaves the ground",
            "Heel drives it: lift and drop",
            "Hips still, pelvis level: no sway",
            "Small, quick steps; arms as in running",
            "Stand tall: hips over the support foot",
            "Knee up to hip height, toes pulled up",
            "Land under the hip, not ahead of it",
            "Elbows at about 90°, hands relaxed",
            "Short contacts: the ground is hot",
            "Look ahead 10 m, chin level",
            "Push the ground away, don't reach",
            "Quiet feet: no slapping",
            "Keep the rhythm even, left and right",
            "Pull the foot back under the body",
            "Shoulders low and loose",
            "Stiff ankle, soft knee",
            "Drive the knee forward, not up",
            "Tall posture: a string pulls the head up",
            "Arms swing forward and back, never across",
        ],
        "faults": [
            (
                "Feet lift off, it turns into a jog",
                "Keep the ball of the foot down; only the heel rises.",
            ),
            ("Hips sway side to side", "Brace the trunk; keep the pelvis level."),
            ("Arms hang or cross the body", "Swing from the shoulders, hands forward and back."),
            (
                "Leaning back as the knee comes up",
                "Stay tall; lift the knee only as high as you can.",
            ),
            ("Heels slam down", "Land on the forefoot and let the heel kiss the ground."),
            ("Long, heavy contacts", "Think quick off the ground, not high."),
            ("Knees bend deep on landing", "Jump lower; firm ankles and knees."),
            ("Foot lands ahead of the hip", "Pull the foot back and set it down under the hip."),
            ("Sitting in the hips", "Straighten hip and knee of the support leg."),
            ("Looking at the feet", "Fix your eyes 10 m ahead and keep the chin level."),
            ("Rushing and losing the rhythm", "Slow down until each step sounds the same."),
            ("Shoulders creep up", "Shake the arms out, then keep the shoulders low."),
        ],
        "variations": [
            "On the spot, then moving forward",
            "Speed up over the last 5 m",
            "Pause 1 s on one leg at the top",
            "Hands on hips to isolate the legs",
            "Single-leg, 10 per leg",
            "Over 6 mini hurdles",
            "Uphill on a gentle slope",
            "With a band round the hips",
            "Into a 20 m stride at the end",
            "Barefoot on soft grass",
        ],
        "dosages": [
            "2 × 20 m, walk back",
            "3 × 30 m, jog back",
            "2 × 15 jumps",
            "3 × 10 per leg",
            "2 × 20 s, 40 s rest",
            "4 × 20 m, walk back",
            "1 × 30 m, then 2 × 20 m faster",
            "3 × 6 hurdles, walk back",
            "2 × 30 s, 1 min rest",
            "5 × 10 m, full recovery",
        ],
        "focus": [
            "ankle stiffness",
            "foot strike",
            "cadence",
            "knee lift",
            "hip extension",
            "posture",
            "arm action",
            "balance",
            "rhythm",
            "elastic strength",
            "hamstring strength",
            "ground contact",
        ],
        "equipment": [
            "mini hurdles",
            "cones",
            "resistance band",
            "wall or fence",
            "agility ladder",
            "stopwatch",
            "soft grass area",
            "box, 30 cm",
        ],
        "categories": [
            "Coordination",
            "Plyometrics",
            "Sprint technique",
            "Strength",
            "Mobility",
            "Warm-up",
        ],
    },
    "de": {
        "weight": 15,
        "bases": [
            ("Kniehebelauf", "kniehebelauf"),
            ("Anfersen", "anfersen"),
            ("Fußgelenksarbeit", "fussgelenksarbeit"),
            ("Hopserlauf", "hopserlauf"),
            ("Sprunglauf", "sprunglauf"),
            ("Überkreuzlauf", "ueberkreuzlauf"),
            ("Storchengang", "storchengang"),
            ("Steigerungslauf", "steigerungslauf"),
            ("Seitgalopp", "seitgalopp"),
            ("Einbeinsprünge", "einbeinspruenge"),
            ("Skippings", "skippings"),
            ("Prellsprünge", "prellspruenge"),
        ],
        "modifiers": [
            ("am Ort", "am-ort"),
            ("vorwärts", "vorwaerts"),
            ("bergauf", "bergauf"),
            ("rückwärts", "rueckwaerts"),
            ("mit Armeinsatz", "mit-armeinsatz"),
            ("über Minihürden", "ueber-minihuerden"),
            ("auf Rasen", "auf-rasen"),
            ("locker", "locker"),
            ("schnell", "schnell"),
            ("im Wechsel", "im-wechsel"),
            ("mit Pause", "mit-pause"),
            ("barfuß", "barfuss"),
        ],
        "actions": [
            "Schnelle, kurze Schritte über den Fußballen, die Ferse arbeitet aktiv.",
            "Knie bis Hüfthöhe, Fuß aktiv unter den Körper setzen.",
            "Federnde Sprünge aus dem Fußgelenk, Knie fast gestreckt.",
            "Fersen zum Gesäß, Knie zeigen nach unten.",
            "Weite, flache Sprünge mit kräftigem Abdruck.",
            "Langsamer Gang mit hohem Knie und ruhigem Oberkörper.",
        ],
        "purposes": [
            "Schult Rhythmus und Koordination.",
            "Kräftigt Waden und Achillessehne.",
            "Verbessert die Fußgelenksstabilität.",
            "Fördert eine aufrechte Haltung.",
            "Macht die Beine spritzig.",
        ],
        "cues": [
            "Oberkörper aufrecht, Blick nach vorn",
            "Fußballen bleibt am Boden",
            "Hüfte hoch, nicht ins Sitzen fallen",
            "Arme gegengleich, Ellbogen 90°",
            "Kurzer Bodenkontakt, leise Füße",
            "Schultern locker lassen",
            "Knie aktiv nach vorn-oben führen",
            "Fuß greift unter dem Körper",
            "Gleichmäßiger Rhythmus, links wie rechts",
            "Fußgelenk fest, Knie weich",
        ],
        "faults": [
            ("Oberkörper kippt nach hinten", "Aufrichten; Knie nur so hoch, wie es sauber geht."),
            ("Füße klatschen laut auf", "Über den Ballen aufsetzen, leise und schnell."),
            ("Arme hängen passiv", "Arme aus der Schulter schwingen, Hände locker."),
            ("Hüfte sackt ab", "Rumpf anspannen und groß machen."),
            ("Zu lange Bodenkontaktzeit", "Denk an heißen Boden: schnell wieder weg."),
            ("Blick auf die Füße", "Blick 10 m nach vorn, Kinn waagerecht."),
        ],
        "variations": [
            "Erst am Ort, dann vorwärts",
            "Mit Übergang in einen Steigerungslauf",
            "Einbeinig, 10 pro Bein",
            "Über 6 Minihürden",
            "Leicht bergauf",
            "Hände an der Hüfte",
        ],
        "dosages": [
            "2 × 20 m, Gehpause zurück",
            "3 × 30 m, locker zurücktraben",
            "2 × 15 Sprünge",
            "3 × 10 pro Bein",
            "4 × 20 m, Gehpause",
        ],
        "focus": [
            "Fußgelenk",
            "Kniehub",
            "Haltung",
            "Rhythmus",
            "Abdruck",
            "Armarbeit",
            "Gleichgewicht",
        ],
        "equipment": [
            "Minihürden",
            "Hütchen",
            "Widerstandsband",
            "Koordinationsleiter",
            "Rasenfläche",
        ],
        "categories": ["Koordination", "Lauf-ABC", "Sprungkraft", "Kräftigung"],
    },
    "fr": {
        "weight": 10,
        "bases": [
            ("Montées de genoux", "montees-de-genoux"),
            ("Talons-fesses", "talons-fesses"),
            ("Foulées bondissantes", "foulees-bondissantes"),
            ("Pas chassés", "pas-chasses"),
            ("Jambes tendues", "jambes-tendues"),
            ("Cloche-pied", "cloche-pied"),
            ("Pas croisés", "pas-croises"),
            ("Griffés", "griffes"),
            ("Sautillements", "sautillements"),
        ],
        "modifiers": [
            ("sur place", "sur-place"),
            ("en avançant", "en-avancant"),
            ("en côte", "en-cote"),
            ("sur l'herbe", "sur-herbe"),
            ("avec élastique", "avec-elastique"),
            ("en arrière", "en-arriere"),
            ("rythme lent", "rythme-lent"),
            ("sur mini-haies", "mini-haies"),
            ("à deux", "a-deux"),
        ],
        "actions": [
            "Petits pas rapides sur l'avant du pied, talon actif.",
            "Genou à hauteur de hanche, pied posé sous le bassin.",
            "Bonds longs et rasants avec une poussée complète.",
            "Talons vers les fesses, genoux orientés vers le sol.",
            "Rebonds légers sur deux pieds, chevilles toniques.",
        ],
        "purposes": [
            "Développe le rythme et la coordination.",
            "Renforce les mollets.",
            "Améliore l'équilibre sur une jambe.",
            "Favorise une posture haute et gainée.",
            "Prépare les jambes aux allures rapides.",
        ],
        "cues": [
            "Buste droit, regard loin devant",
            "Appuis brefs et silencieux",
            "Bassin haut, ne pas s'asseoir",
            "Bras actifs, coudes à 90°",
            "Épaules relâchées",
            "Pied actif sous le corps",
            "Cheville ferme, genou souple",
            "Rythme régulier, gauche et droite",
        ],
        "faults": [
            ("Le buste part en arrière", "Se grandir ; monter le genou sans se pencher."),
            ("Appuis bruyants et lourds", "Poser l'avant du pied, vite et sans bruit."),
            ("Bras passifs ou croisés", "Balancer les bras d'avant en arrière."),
            ("Bassin qui s'affaisse", "Gainer le tronc et rester grand."),
            ("Regard vers le sol", "Fixer un point à 10 m devant soi."),
        ],
        "variations": [
            "D'abord sur place, puis en avançant",
            "Enchaîner sur une accélération",
            "Sur une jambe, 10 par jambe",
            "Sur 6 mini-haies",
            "En légère montée",
        ],
        "dosages": [
            "2 × 20 m, retour en marchant",
            "3 × 30 m, retour en trottinant",
            "2 × 15 sauts",
            "3 × 10 par jambe",
        ],
        "focus": ["cheville", "montée de genou", "posture", "rythme", "équilibre", "pied actif"],
        "equipment": ["mini-haies", "plots", "élastique", "échelle de rythme"],
        "categories": ["Coordination", "Éducatifs", "Pliométrie", "Renforcement"],
    },
    "es": {
        "weight": 10,
        "bases": [
            ("Skipping alto", "skipping-alto"),
            ("Talón al glúteo", "talon-al-gluteo"),
            ("Saltos de pogo", "saltos-de-pogo"),
            ("Multisaltos", "multisaltos"),
            ("Paso lateral cruzado", "paso-lateral-cruzado"),
            ("Zancadas", "zancadas"),
            ("Carrera de puntillas", "carrera-de-puntillas"),
            ("Pata coja", "pata-coja"),
            ("Elevação de joelhos", "elevacao-de-joelhos"),
        ],
        "modifiers": [
            ("en el sitio", "en-el-sitio"),
            ("avanzando", "avanzando"),
            ("en cuesta", "en-cuesta"),
            ("sobre césped", "sobre-cesped"),
            ("con goma", "con-goma"),
            ("hacia atrás", "hacia-atras"),
            ("con pausa", "con-pausa"),
            ("en pareja", "en-pareja"),
        ],
        "actions": [
            "Pasos cortos y rápidos sobre la parte anterior del pie.",
            "Rodilla a la altura de la cadera, pie bajo el cuerpo.",
            "Saltos largos y rasantes con un empuje completo.",
            "Talones hacia los glúteos, rodillas hacia el suelo.",
            "Rebotes ágiles con los tobillos firmes.",
        ],
        "purposes": [
            "Mejora el ritmo y la coordinación.",
            "Fortalece gemelos y tendón de Aquiles.",
            "Mejora el equilibrio sobre una pierna.",
            "Ayuda a mantener una postura alta.",
            "Prepara las piernas para ritmos rápidos.",
        ],
        "cues": [
            "Tronco erguido, mirada al frente",
            "Apoyos cortos y silenciosos",
            "Cadera alta, no sentarse",
            "Brazos activos, codos a 90°",
            "Hombros sueltos",
            "Tobillo firme, rodilla suave",
            "Ritmo regular, izquierda y derecha",
            "El pie cae bajo la cadera",
        ],
        "faults": [
            ("El tronco se va hacia atrás", "Crecer; subir la rodilla sin inclinarse."),
            ("Apoyos ruidosos y largos", "Apoyar el antepié, rápido y sin ruido."),
            ("Brazos pasivos o cruzados", "Mover los brazos de delante hacia atrás."),
            ("La cadera se hunde", "Activar el tronco y mantenerse alto."),
            ("Mirar al suelo", "Fijar la vista 10 m por delante."),
        ],
        "variations": [
            "Primero en el sitio, luego avanzando",
            "Terminar con una aceleración",
            "A una pierna, 10 por pierna",
            "Sobre 6 vallas bajas",
            "En una cuesta suave",
        ],
        "dosages": [
            "2 × 20 m, vuelta andando",
            "3 × 30 m, vuelta trotando",
            "2 × 15 saltos",
            "3 × 10 por pierna",
        ],
        "focus": ["tobillo", "elevación de rodilla", "postura", "ritmo", "equilibrio", "zancada"],
        "equipment": ["vallas bajas", "conos", "goma elástica", "escalera de agilidad"],
        "categories": ["Coordinación", "Técnica de carrera", "Pliometría", "Fuerza"],
    },
    "ru": {
        "weight": 8,
        "bases": [
            ("Захлёст голени", "zakhlest-goleni"),
            ("Многоскоки", "mnogoskoki"),
            ("Бег с высоким бедром", "beg-s-vysokim-bedrom"),
            ("Прыжки на носках", "pryzhki-na-noskakh"),
            ("Семенящий бег", "semenyashchiy-beg"),
            ("Скачки на одной ноге", "skachki-na-odnoy"),
            ("Бег прямыми ногами", "beg-pryamymi-nogami"),
            ("Приставной шаг", "pristavnoy-shag"),
        ],
        "modifiers": [
            ("на месте", "na-meste"),
            ("с продвижением", "s-prodvizheniem"),
            ("в гору", "v-goru"),
            ("по траве", "po-trave"),
            ("с резинкой", "s-rezinkoy"),
            ("спиной вперёд", "spinoy-vperyod"),
            ("с паузой", "s-pauzoy"),
        ],
        "actions": [
            "Короткие быстрые шаги на передней части стопы.",
            "Бедро до уровня таза, стопа под центром тяжести.",
            "Длинные низкие прыжки с полным отталкиванием.",
            "Пятки к ягодицам, колени смотрят вниз.",
            "Упругие прыжки на двух ногах, стопа жёсткая.",
        ],
        "purposes": [
            "Развивает ритм и координацию.",
            "Укрепляет икры и ахиллово сухожилие.",
            "Улучшает равновесие на одной ноге.",
            "Помогает держать высокую осанку.",
            "Готовит ноги к быстрому бегу.",
        ],
        "cues": [
            "Корпус прямо, взгляд вперёд",
            "Короткий и тихий контакт",
            "Таз высоко, не садиться",
            "Руки работают, локти 90°",
            "Плечи расслаблены",
            "Стопа жёсткая, колено мягкое",
            "Ровный ритм, левая и правая",
            "Стопа ставится под таз",
        ],
        "faults": [
            ("Корпус заваливается назад", "Вытянуться вверх; бедро без наклона."),
            ("Громкая, тяжёлая постановка", "Ставить стопу на носок, быстро и тихо."),
            ("Руки пассивны", "Работать руками вперёд-назад от плеча."),
            ("Таз проседает", "Напрячь корпус и держаться высоко."),
            ("Взгляд в землю", "Смотреть на 10 м вперёд, подбородок ровно."),
        ],
        "variations": [
            "Сначала на месте, затем вперёд",
            "С переходом в ускорение",
            "На одной ноге, по 10 раз",
            "Через 6 мини-барьеров",
            "В небольшую горку",
        ],
        "dosages": [
            "2 × 20 м, назад шагом",
            "3 × 30 м, назад трусцой",
            "2 × 15 прыжков",
            "3 × 10 на каждую ногу",
        ],
        "focus": ["голеностоп", "подъём бедра", "осанка", "ритм", "равновесие", "отталкивание"],
        "equipment": ["мини-барьеры", "фишки", "резиновая лента", "координационная лестница"],
        "categories": ["Координация", "Техника бега", "Прыжковая работа", "Сила"],
    },
    "el": {
        "weight": 7,
        "bases": [
            ("Ψηλά γόνατα", "psila-gonata"),
            ("Κλωτσιές πτέρνας", "klotsies-pternas"),
            ("Άλματα πόγκο", "almata-pogko"),
            ("Πολυάλματα", "polyalmata"),
            ("Βάδισμα πελαργού", "vadisma-pelargou"),
            ("Πλάγια βήματα", "plagia-vimata"),
            ("Κουτσό", "koutso"),
            ("Τεντωμένα πόδια", "tentomena-podia"),
        ],
        "modifiers": [
            ("επί τόπου", "epi-topou"),
            ("με προώθηση", "me-proothisi"),
            ("σε ανηφόρα", "se-anifora"),
            ("στο γρασίδι", "sto-grasidi"),
            ("με λάστιχο", "me-lasticho"),
            ("προς τα πίσω", "pros-ta-piso"),
        ],
        "actions": [
            "Γρήγορα, μικρά βήματα στο μπροστινό πέλμα.",
            "Γόνατο ως το ύψος του ισχίου, πέλμα κάτω από το σώμα.",
            "Μακριά, χαμηλά άλματα με πλήρη ώθηση.",
            "Οι φτέρνες προς τους γλουτούς, τα γόνατα προς τα κάτω.",
            "Ελαστικά άλματα με σταθερούς αστραγάλους.",
        ],
        "purposes": [
            "Βελτιώνει τον ρυθμό και τον συντονισμό.",
            "Δυναμώνει τις γάμπες.",
            "Βελτιώνει την ισορροπία στο ένα πόδι.",
            "Βοηθά σε ψηλή, όρθια στάση.",
        ],
        "cues": [
            "Κορμός όρθιος, βλέμμα μπροστά",
            "Σύντομη, αθόρυβη επαφή",
            "Λεκάνη ψηλά, μην κάθεσαι",
            "Ενεργά χέρια, αγκώνες 90°",
            "Χαλαροί ώμοι",
            "Σταθερός αστράγαλος, μαλακό γόνατο",
            "Σταθερός ρυθμός, αριστερά και δεξιά",
        ],
        "faults": [
            ("Ο κορμός γέρνει πίσω", "Ψήλωσε· σήκωσε το γόνατο χωρίς κλίση."),
            ("Θορυβώδεις, βαριές επαφές", "Πάτα στο μπροστινό πέλμα, γρήγορα."),
            ("Παθητικά χέρια", "Κίνησε τα χέρια μπρος-πίσω από τον ώμο."),
            ("Το βλέμμα στο έδαφος", "Κοίτα 10 m μπροστά, πηγούνι ίσιο."),
        ],
        "variations": [
            "Πρώτα επί τόπου, μετά μπροστά",
            "Με επιτάχυνση στο τέλος",
            "Στο ένα πόδι, 10 ανά πόδι",
            "Πάνω από 6 μικρά εμπόδια",
        ],
        "dosages": [
            "2 × 20 m, επιστροφή με βάδισμα",
            "3 × 30 m, επιστροφή τροχάδην",
            "2 × 15 άλματα",
            "3 × 10 ανά πόδι",
        ],
        "focus": ["αστράγαλος", "άρση γονάτου", "στάση σώματος", "ρυθμός", "ισορροπία"],
        "equipment": ["μικρά εμπόδια", "κώνοι", "λάστιχο αντίστασης", "σκάλα ευκινησίας"],
        "categories": ["Συντονισμός", "Τεχνική τρεξίματος", "Πλειομετρικά", "Δύναμη"],
    },
}

SESSION_THEMES = [
    ("Tuesday track at Łazienki", "tuesday-track"),
    ("Hill session, Søndermarken", "hills"),
    ("Coordination block", "coordination"),
    ("Koordination am Donnerstag", "koordination"),
    ("Séance technique du samedi", "seance-technique"),
    ("Técnica en la pista", "tecnica"),
    ("Вторник: техника бега", "tekhnika-bega"),
    ("Τεχνική, Πέμπτη", "techniki"),
    ("Vyšehrad hill reps", "vysehrad"),
    ("Göztepe parkı drills", "goztepe"),
]
WARMUPS = [
    "10 min easy jog, then leg swings front-back and sideways, 10 per leg.",
    "15 min jog round Błonia park, then 4 × 80 m strides.",
    "10 min Einlaufen, dann Beinpendeln vor- und seitwärts, je 10 pro Bein.",
    "12 min de footing, puis gammes : talons-fesses et montées de genoux.",
    "10 мин лёгкого бега, затем махи ногами, по 10 на каждую ногу.",
    "10 λεπτά χαλαρό τρέξιμο και κινητικότητα ισχίων.",
    "10–15 min easy jog, leg swings 10 per leg, then ankle drill and butt kicks, 1 × 20 m each.",
]
COOLDOWNS = [
    "5 min easy jog, then calf and hip-flexor stretches, 30 s per side.",
    "10 min Auslaufen, danach Waden und Hüftbeuger dehnen.",
    "Retour au calme : 10 min de marche et étirements doux.",
    "Заминка 10 минут, растяжка икр и бёдер.",
    "10 min trote suave y estiramientos de gemelos.",
]
SESSION_NOTES = [
    "Quality over quantity: stop a drill when form fades. Walk back as recovery.",
    "Meet at the Vyšehrad gate at 18:30; bring spikes and a water bottle.",
    "Bei Nässe auf dem Rasen bleiben. Trinkflasche mitbringen!",
    "Ørestad track is shared with the football club after 19:00; finish on time.",
    "Göztepe: lanes 5–8 only. Şükrü has the key to the equipment shed.",
    "Do this when fresh, not after a hard session. Full recovery between sets. Finish with "
    "3–4 strides of 80–100 m at a relaxed, fast pace.",
]
ITEM_NOTES = [
    "Start on the spot for 20 s so the action is clear, then move.",
    "Keep them low and quick; stop when contacts get long.",
    "Paarweise: einer läuft, einer zählt und korrigiert.",
    "Кто устал, делает упражнение на месте.",
    "Short set: find the action at low speed first.",
    "En cas de fatigue, réduire la distance de moitié.",
]


def _name(rng: random.Random, lang: dict, taken: set[str]) -> tuple[str, str]:
    """A unique (name, id): a base, usually with a modifier; a number only when all are taken."""
    for _ in range(40):
        base, base_id = rng.choice(lang["bases"])
        if rng.random() < 0.15:
            name, ident = base, base_id
        else:
            modifier, modifier_id = rng.choice(lang["modifiers"])
            name, ident = f"{base}, {modifier}", f"{base_id}-{modifier_id}"
        if name not in taken and fits(name, "name") and len(ident) <= 36:
            return name, ident
    name, ident = base, base_id
    number = 2
    while f"{name} {number}" in taken:
        number += 1
    return f"{name} {number}", f"{ident}-{number}"


def _summary(rng: random.Random, lang: dict) -> str:
    action = rng.choice(lang["actions"])
    if rng.random() < 0.2:
        return action
    for _ in range(20):
        text = f"{action} {rng.choice(lang['purposes'])}"
        if fits(text, "summary"):
            return text
    return action


def _some(rng: random.Random, pool: list, low: int, high: int) -> list:
    return rng.sample(pool, rng.randint(low, min(high, len(pool))))


def _drill(
    rng: random.Random, taken_names: set[str], taken_ids: set[str], videos: list[str]
) -> dict:
    code = rng.choices(list(LANGUAGES), [lang["weight"] for lang in LANGUAGES.values()])[0]
    lang = LANGUAGES[code]
    name, ident = _name(rng, lang, taken_names)
    while ident in taken_ids:  # two names can share an ascii slug
        ident += "-b"
    taken_names.add(name)
    taken_ids.add(ident)
    drill: dict = {"id": ident, "name": name}
    if rng.random() < 0.9:
        drill["category"] = rng.choice(lang["categories"])
    if rng.random() < 0.85:
        drill["level"] = rng.choice(["beginner", "beginner", "intermediate", "advanced"])
    drill["summary"] = _summary(rng, lang)
    if rng.random() < 0.8:
        drill["focus"] = _some(rng, lang["focus"], 1, 4)
    drill["cues"] = _some(rng, lang["cues"], 1 if rng.random() < 0.1 else 3, 4)
    faults = _some(rng, lang["faults"], 1, 3)
    drill["faults"] = [{"fault": fault, "fix": fix} for fault, fix in faults]
    if rng.random() < 0.9:
        drill["dosage"] = rng.choice(lang["dosages"])
    if rng.random() < 0.75:
        drill["variations"] = _some(rng, lang["variations"], 1, 3)
    if rng.random() < 0.3:
        drill["equipment"] = _some(rng, lang["equipment"], 1, 3)
    roll = rng.random()
    if videos and roll < 0.08:  # the same video for two drills
        drill["video"] = rng.choice(videos)
    elif roll < 0.18:
        token = "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=11))
        drill["video"] = f"https://www.youtube.com/watch?v={token}"
    else:
        drill["video"] = f"https://video.example.org/drills/{ident}"
    videos.append(drill["video"])
    return drill


def _session(rng: random.Random, number: int, ids: list[str]) -> dict:
    theme, theme_id = rng.choice(SESSION_THEMES)
    chosen = rng.sample(ids, min(len(ids), rng.randint(5, 8)))
    if len(chosen) >= 6 and rng.random() < 0.2:  # a drill done twice, as a short and a long set
        chosen[-1] = chosen[1]
    items = []
    for drill_id in chosen:
        item = {"drill": drill_id}
        if rng.random() < 0.3:
            item["dosage"] = rng.choice(LANGUAGES["en"]["dosages"])
        if rng.random() < 0.4:
            item["notes"] = rng.choice(ITEM_NOTES)
        items.append(item)
    session = {
        "id": f"{theme_id}-{number}",
        "title": f"{theme} · {number}",
        "warmup": rng.choice(WARMUPS),
        "items": items,
        "cooldown": rng.choice(COOLDOWNS),
    }
    if rng.random() < 0.7:
        session["notes"] = rng.choice(SESSION_NOTES)
    return session


def make_library(n: int) -> dict:
    """n drills (1 to 1000) and max(1, n // 20) sessions of 5 to 8 drills; the same every time."""
    if not 1 <= n <= 1000:
        raise ValueError("a library holds 1 to 1000 drills")
    rng = random.Random(SEED)
    names: set[str] = set()
    ids: set[str] = set()
    videos: list[str] = []
    drills = [_drill(rng, names, ids, videos) for _ in range(n)]
    drill_ids = [drill["id"] for drill in drills]
    sessions = [_session(rng, number, drill_ids) for number in range(1, max(1, n // 20) + 1)]
    return {"drills": drills, "sessions": sessions}


def write_library(n: int, path: str | Path) -> Path:
    """Write make_library(n) as UTF-8 JSON; byte-identical on every run."""
    path = Path(path)
    text = json.dumps(make_library(n), ensure_ascii=False, indent=2) + "\n"
    path.write_bytes(text.encode("utf-8"))
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/synthetic.py N OUT.json")
    write_library(int(sys.argv[1]), sys.argv[2])
