import sys

from pipeline.memory import collect_less_often

collect_less_often()  # before the imports: they make many objects too

from pipeline.cli import main  # noqa: E402

sys.exit(main())
