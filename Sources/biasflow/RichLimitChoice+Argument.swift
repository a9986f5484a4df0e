import ArgumentParser
import Asymptotics

/// `--rich-limit auto|l1|kkt` (ArgumentParser lists the allowed values when another is given).
extension RichLimitChoice: ExpressibleByArgument {}
