#include "auth/JwtValidation.h"

namespace streamcanvas::auth {

const char *jwtErrorName(JwtError error)
{
    switch (error) {
    case JwtError::None:
        return "None";
    case JwtError::Malformed:
        return "Malformed";
    case JwtError::AlgorithmNotAllowed:
        return "AlgorithmNotAllowed";
    case JwtError::UnknownKey:
        return "UnknownKey";
    case JwtError::KeyMismatch:
        return "KeyMismatch";
    case JwtError::BadSignature:
        return "BadSignature";
    case JwtError::WrongIssuer:
        return "WrongIssuer";
    case JwtError::WrongAudience:
        return "WrongAudience";
    case JwtError::WrongAuthorizedParty:
        return "WrongAuthorizedParty";
    case JwtError::Expired:
        return "Expired";
    case JwtError::NotYetValid:
        return "NotYetValid";
    case JwtError::IssuedInFuture:
        return "IssuedInFuture";
    case JwtError::TooOld:
        return "TooOld";
    case JwtError::WrongNonce:
        return "WrongNonce";
    case JwtError::MissingClaim:
        return "MissingClaim";
    case JwtError::CriticalHeader:
        return "CriticalHeader";
    case JwtError::WrongType:
        return "WrongType";
    }
    return "?";
}

} // namespace streamcanvas::auth
